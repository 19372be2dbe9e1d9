/* Where the functions of a loaded library start and end, read from its .eh_frame_hdr and .eh_frame. */
#ifndef SYSFAULT_FUNCTIONS_H
#define SYSFAULT_FUNCTIONS_H

#include <stddef.h>
#include <stdint.h>

/* [start, end) as offsets from the library's load address. */
struct function_range {
	uint64_t start, end;
};

/*
 * Reads the FDE search table that PT_GNU_EH_FRAME points at (load_addr is
 * the library's l_addr).  Returns a malloc'ed array sorted by start, or NULL
 * with *count = 0 when the table is missing or malformed.
 */
struct function_range *functions_from_eh_frame(uint64_t load_addr, const uint8_t *eh_frame_hdr,
                                               size_t *count);

/* The last range with start <= addr, or NULL. */
const struct function_range *function_at_or_before(const struct function_range *fns, size_t n,
                                                   uint64_t addr);

#endif
