/* Executable memory for trampolines, placed within 32-bit reach of the library they serve. */
#ifndef SYSFAULT_TRAMPOLINE_AREA_H
#define SYSFAULT_TRAMPOLINE_AREA_H

#include <stddef.h>
#include <stdint.h>

struct trampoline_area {
	uint8_t *mem;
	size_t size;
};

/* Maps size bytes (writable for now) so that every address of [lo, hi) reaches all of it. 0 or -1. */
int trampoline_area_map(uint64_t lo, uint64_t hi, size_t size, struct trampoline_area *a);

/* Fills the entry/exit slots and makes the area executable, never writable again. 0 or -1. */
int trampoline_area_seal(struct trampoline_area *a, void *entry, void *exit);

/* Gives the area back (when the library could not be patched after all). */
void trampoline_area_unmap(struct trampoline_area *a);

#endif
