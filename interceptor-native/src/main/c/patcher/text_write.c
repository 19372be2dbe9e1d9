/* The jump bytes that send a patched site to its trampoline, and writing them into a library's text.
 * While those pages are writable they are not executable, so nothing here may run libc code. */
#include <sys/mman.h>
#include <sys/syscall.h>
#include "hook/frame.h"
#include "text_write.h"

#define PAGE 4096UL

static void
near_jump(struct text_write *w, uint64_t at, uint64_t to)
{
	int32_t rel = (int32_t)(int64_t)(to - (at + 5));
	w->addr = at;
	w->bytes[0] = 0xe9;
	for (int i = 0; i < 4; i++)
		w->bytes[1 + i] = (uint8_t)((uint32_t)rel >> (8 * i));
}

size_t
site_patch_bytes(const struct patch_site *s, uint64_t load_addr, uint64_t trampoline,
                 struct text_write out[2])
{
	if (s->style == PATCH_RELOCATE) {
		/* jmp trampoline; the rest of the moved bytes become int3: nothing jumps there */
		near_jump(&out[0], load_addr + s->region_start, trampoline);
		out[0].len = s->region_len;
		for (unsigned i = 5; i < s->region_len; i++)
			out[0].bytes[i] = 0xcc;
		return 1;
	}
	if (s->style == PATCH_PADDING_JUMP) {
		uint64_t at = load_addr + s->syscall_addr, pad = load_addr + s->pad_addr;
		out[0].addr = at;
		out[0].len = 2;
		out[0].bytes[0] = 0xeb;
		out[0].bytes[1] = (uint8_t)(int8_t)(int64_t)(pad - (at + 2));
		near_jump(&out[1], pad, trampoline);
		out[1].len = 5;
		return 2;
	}
	return 0;
}

int
sysfault_write_text(const struct patch_site *sites, const uint64_t *trampolines, size_t n,
                    uint64_t load_addr, uint64_t lo, uint64_t hi)
{
	uint64_t first = lo & ~(PAGE - 1), last = (hi + PAGE - 1) & ~(PAGE - 1);
	long rc = sysfault_raw_syscall(SYS_mprotect, (long)first, (long)(last - first),
	                               PROT_READ | PROT_WRITE, 0, 0, 0);
	if (rc < 0)
		return (int)rc;
	for (size_t i = 0; i < n; i++) {
		struct text_write w[2];
		if (trampolines[i] == 0)
			continue;
		size_t nw = site_patch_bytes(&sites[i], load_addr, trampolines[i], w);
		for (size_t j = 0; j < nw; j++) {
			volatile uint8_t *dst = (volatile uint8_t *)w[j].addr;
			for (unsigned b = 0; b < w[j].len; b++)
				dst[b] = w[j].bytes[b];
		}
	}
	rc = sysfault_raw_syscall(SYS_mprotect, (long)first, (long)(last - first),
	                          PROT_READ | PROT_EXEC, 0, 0, 0);
	if (rc < 0) {
		static const char msg[] = "sysfault: cannot make glibc's text executable again after patching it\n";
		sysfault_raw_syscall(SYS_write, 2, (long)msg, sizeof(msg) - 1, 0, 0, 0);
		sysfault_raw_syscall(SYS_exit_group, 127, 0, 0, 0, 0, 0);
	}
	return 0;
}
