/* A library's patched text pages and trampolines, kept in a file that later processes map instead of patching. */
#ifndef SYSFAULT_PATCHED_IMAGE_H
#define SYSFAULT_PATCHED_IMAGE_H

#include <stdint.h>
#include "loaded_libs.h"
#include "trampoline_area.h"

/*
 * Maps the image stored in cache_dir (cache_dir.h; -1: none) over the library: its patched text pages replace
 * the library's (private, file-backed: no copy-on-write, no disassembly) and
 * its trampolines go to the same distance from the library as when it was
 * stored.  Returns 0 and sets *unpatched; IMAGE_MISSING when there is no
 * valid image; IMAGE_UNUSABLE when it cannot be mapped here (the
 * trampolines' place is in use, or the cache is on a noexec mount), so that
 * storing another would not help.  In both cases nothing changed.
 */
#define IMAGE_MISSING (-1)
#define IMAGE_UNUSABLE (-2)

int patched_image_map(const struct loaded_lib *lib, long cache_dir, long *unpatched);

/*
 * Stores the library as patched in this process: text pages [lo, hi)
 * (absolute, page aligned) and the used part of the trampoline area.
 */
void patched_image_store(const struct loaded_lib *lib, long cache_dir, const struct trampoline_area *area,
                         size_t area_used, uint64_t lo, uint64_t hi, long unpatched);

#endif
