/* Executable memory for trampolines, placed within 32-bit reach of the library they serve. */
#include <string.h>
#include <sys/mman.h>
#include "trampoline_area.h"
#include "contracts/trampoline_layout.h"

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

#define STEP (1UL << 20)
#define REACH (1UL << 31)

static int
try_at(uint64_t addr, size_t size, struct trampoline_area *a)
{
	void *p = mmap((void *)addr, size, PROT_READ | PROT_WRITE,
	               MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	if (p == MAP_FAILED)
		return -1;
	if ((uint64_t)p != addr) { /* a kernel without MAP_FIXED_NOREPLACE took it as a hint */
		munmap(p, size);
		return -1;
	}
	a->mem = p;
	a->size = size;
	return 0;
}

int
trampoline_area_map(uint64_t lo, uint64_t hi, size_t size, struct trampoline_area *a)
{
	size = (size + 4095) & ~4095UL;
	/*
	 * 1 GiB below the library first: a fixed distance lets later processes
	 * reuse this process's trampolines (patched_image.c), and right after
	 * start-up nothing lives that far below the libraries.
	 */
	uint64_t preferred = (lo & ~(STEP - 1)) - (1UL << 30);
	if (preferred < lo && try_at(preferred, size, a) == 0)
		return 0;
	/* Then as near as possible: below the library (mmap's usual free side), then above it. */
	for (uint64_t d = STEP; d + size + 2 * STEP < REACH - (hi - lo); d += STEP) {
		uint64_t below = (lo & ~(STEP - 1)) - d - size;
		if (below < lo && try_at(below, size, a) == 0)
			return 0;
		uint64_t above = ((hi + STEP - 1) & ~(STEP - 1)) + d;
		if (try_at(above, size, a) == 0)
			return 0;
	}
	return -1;
}

int
trampoline_area_seal(struct trampoline_area *a, void *entry, void *exit)
{
	memcpy(a->mem + TRAMPOLINE_ENTRY_SLOT, &entry, sizeof(entry));
	memcpy(a->mem + TRAMPOLINE_EXIT_SLOT, &exit, sizeof(exit));
	return mprotect(a->mem, a->size, PROT_READ | PROT_EXEC);
}

void
trampoline_area_unmap(struct trampoline_area *a)
{
	if (a->mem != NULL)
		munmap(a->mem, a->size);
	a->mem = NULL;
}
