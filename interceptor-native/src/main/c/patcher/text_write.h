/* The jump bytes that send a patched site to its trampoline, and writing them into a library's text. */
#ifndef SYSFAULT_TEXT_WRITE_H
#define SYSFAULT_TEXT_WRITE_H

#include <stddef.h>
#include <stdint.h>
#include "patch_plan.h"

/* Bytes to write at addr (absolute). */
struct text_write {
	uint64_t addr;
	uint8_t len;
	uint8_t bytes[MAX_REGION];
};

/*
 * The writes (one or two) that make site s, of a library loaded at
 * load_addr, jump to its trampoline; the caller has checked that the
 * trampoline is within 32-bit reach.  Returns how many.
 */
size_t site_patch_bytes(const struct patch_site *s, uint64_t load_addr, uint64_t trampoline,
                        struct text_write out[2]);

/*
 * Makes [lo, hi) writable, writes the jumps of every site whose
 * trampolines[i] is not 0, makes it executable again.  0 or -errno.
 */
int sysfault_write_text(const struct patch_site *sites, const uint64_t *trampolines, size_t n,
                        uint64_t load_addr, uint64_t lo, uint64_t hi);

#endif
