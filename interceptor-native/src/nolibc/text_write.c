/* Writes the planned jumps into a library's text.  While those pages are writable they are not
 * executable, so nothing here may run libc code: raw syscalls and plain loops only. */
#include <sys/mman.h>
#include <sys/syscall.h>
#include "frame.h"
#include "text_write.h"

#define PAGE 4096UL

int
sysfault_write_text(const struct text_write *w, size_t n, uint64_t lo, uint64_t hi)
{
	uint64_t first = lo & ~(PAGE - 1), last = (hi + PAGE - 1) & ~(PAGE - 1);
	long rc = sysfault_raw_syscall(SYS_mprotect, (long)first, (long)(last - first),
	                               PROT_READ | PROT_WRITE, 0, 0, 0);
	if (rc < 0)
		return (int)rc;
	for (size_t i = 0; i < n; i++) {
		volatile uint8_t *dst = (volatile uint8_t *)w[i].addr;
		for (unsigned b = 0; b < w[i].len; b++)
			dst[b] = w[i].bytes[b];
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
