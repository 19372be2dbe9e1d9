/* Emits a site's trampoline and the jump bytes that lead to it (layout: ../trampoline_layout.h). */
#ifndef SYSFAULT_TRAMPOLINE_H
#define SYSFAULT_TRAMPOLINE_H

#include <stddef.h>
#include <stdint.h>
#include "patch_plan.h"

/* Bytes to write into the library's text; expect is what must be there before. */
struct text_write {
	uint64_t addr;            /* absolute */
	uint8_t len;
	uint8_t bytes[32];
	uint8_t expect[32];
};

/* The largest trampoline one site needs. */
#define TRAMPOLINE_MAX_SITE 192

/*
 * Writes the trampoline of site s into out, which will live at out_addr
 * inside the area that starts at area_addr (entry and exit slots there).
 * text is the library's text as it is now and load_addr its load address.
 * Fills writes[0..*nwrites) with the jumps to put into the text.
 * Returns the trampoline's length, or 0 when a displacement is out of reach.
 */
size_t emit_trampoline(const struct patch_site *s, const struct text_image *text, uint64_t load_addr,
                       uint8_t *out, uint64_t out_addr, uint64_t area_addr,
                       struct text_write writes[2], size_t *nwrites);

#endif
