/* Emits a site's trampoline and the jump bytes that lead to it (layout: contracts/trampoline_layout.h). */
#ifndef SYSFAULT_TRAMPOLINE_H
#define SYSFAULT_TRAMPOLINE_H

#include <stddef.h>
#include <stdint.h>
#include "patch_plan.h"

/* The largest trampoline one site needs. */
#define TRAMPOLINE_MAX_SITE 192

/*
 * Writes the trampoline of site s into out, which will live at out_addr
 * inside the area that starts at area_addr (entry and exit slots there).
 * text is the library's text as it is now and load_addr its load address.
 * Returns the trampoline's length, or 0 when a displacement (in the
 * trampoline, or of the jump that leads to it) is out of 32-bit reach.
 */
size_t emit_trampoline(const struct patch_site *s, const struct text_image *text, uint64_t load_addr,
                       uint8_t *out, uint64_t out_addr, uint64_t area_addr);

#endif
