/* Messages from start-up to stderr, written with raw syscalls so that no hook sees them. */
#include <stdarg.h>
#include <stdio.h>
#include <sys/syscall.h>
#include "report.h"
#include "../nolibc/frame.h"

void
report(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof(buf) - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n > sizeof(buf) - 2)
		n = sizeof(buf) - 2;
	buf[n++] = '\n';
	for (int done = 0; done < n;) {
		long w = sysfault_raw_syscall(SYS_write, 2, (long)(buf + done), n - done, 0, 0, 0);
		if (w <= 0)
			return;
		done += (int)w;
	}
}
