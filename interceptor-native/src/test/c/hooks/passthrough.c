/*
 * Test hook library: passes every call to the kernel but counts them, so a test can prove that
 * the hook was really reached.  With SYSFAULT_TEST_REPORT=1 each process that exits through
 * exit() writes "passthrough: pid <pid> hooked <n> calls" to stderr (to a copy of fd 2 made at
 * start: coreutils close stderr before the destructors run).
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>

#include "libsyscall_intercept_hook_point.h"

static unsigned long calls;
static int report_fd = -1;

static int
hook(long syscall_number, long arg0, long arg1, long arg2, long arg3, long arg4, long arg5,
     long *result)
{
	(void)syscall_number; (void)arg0; (void)arg1; (void)arg2; (void)arg3; (void)arg4;
	(void)arg5; (void)result;

	__atomic_fetch_add(&calls, 1, __ATOMIC_RELAXED);
	return 1;
}

/* Appends the decimal digits of value at p; returns the end. */
static char *
put_decimal(char *p, unsigned long value)
{
	char digits[24];
	int n = 0;

	do {
		digits[n++] = (char)('0' + value % 10);
		value /= 10;
	} while (value != 0);
	while (n > 0)
		*p++ = digits[--n];
	return p;
}

static char *
put_text(char *p, const char *text)
{
	while (*text != '\0')
		*p++ = *text++;
	return p;
}

static __attribute__((constructor)) void
install(void)
{
	const char *value = getenv("SYSFAULT_TEST_REPORT");

	if (value != NULL && strcmp(value, "1") == 0)
		report_fd = fcntl(2, F_DUPFD_CLOEXEC, 100);
	intercept_hook_point = hook;
}

static __attribute__((destructor)) void
write_report(void)
{
	char line[96];
	char *p = line;

	if (report_fd < 0)
		return;
	p = put_text(p, "passthrough: pid ");
	p = put_decimal(p, (unsigned long)syscall_no_intercept(SYS_getpid));
	p = put_text(p, " hooked ");
	p = put_decimal(p, __atomic_load_n(&calls, __ATOMIC_RELAXED));
	p = put_text(p, " calls\n");
	syscall_no_intercept(SYS_write, report_fd, line, (long)(p - line));
}
