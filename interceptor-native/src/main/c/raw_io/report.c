/* Messages from start-up to stderr, written with raw syscalls so that no hook sees them. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include "report.h"
#include "hook/frame.h"

void
report(const char *fmt, ...)
{
	char buf[REPORT_MAX];
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

static int continuation(char c) { return ((unsigned char)c & 0xc0) == 0x80; }

const char *
report_path(const char *path, char out[REPORT_PATH_MAX])
{
	size_t len = strlen(path);
	if (len < REPORT_PATH_MAX)
		return path;
	/* The end names the file, so it gets more room; neither cut splits a UTF-8 character. */
	size_t head = 60, tail = len - (REPORT_PATH_MAX - 1 - head - 3);
	while (head > 0 && continuation(path[head]))
		head--;
	while (continuation(path[tail]))
		tail++;
	snprintf(out, REPORT_PATH_MAX, "%.*s...%s", (int)head, path, path + tail);
	return out;
}
