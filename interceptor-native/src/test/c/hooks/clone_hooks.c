/*
 * Test hook library: logs every clone hook call, ours and syscall_intercept's, so a test can check
 * that a child hook ran in the child (its own thread id) and a parent hook in the parent (with the
 * child's id), and which calls each kind sees.
 *
 * One line per event, each written with a single write() to the file named by
 * SYSFAULT_TEST_CLONE_LOG (opened O_APPEND per event) or to stderr:
 *   start pid=<pid> allowed=<syscall_hook_in_process_allowed()>
 *   child pid=<getpid> tid=<gettid> flags=<hex> stack=<hex>         sysfault_hook_point_clone_child
 *   parent pid=<getpid> tid=<gettid> returned=<child id or negative errno> flags=<hex> stack=<hex>
 *                                                                   sysfault_hook_point_clone_parent
 *   intercept_child pid=<getpid> tid=<gettid>                       intercept_hook_point_clone_child
 *   intercept_parent pid=<getpid> tid=<gettid> returned=<id or negative errno>
 *                                                                   intercept_hook_point_clone_parent
 *   hook pid=<getpid> tid=<gettid> nr=<number>   intercept_hook_point, for clone, clone3, fork, vfork
 * The hook path uses syscall_no_intercept() only.  It is built with -Werror against both headers,
 * so the hooks' types are syscall_intercept's exactly.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>

#include "libsyscall_intercept_hook_point.h"
#include "sysfault_hook_point.h"

static char log_path[4096];

static char *
put_text(char *p, const char *text)
{
	while (*text != '\0')
		*p++ = *text++;
	return p;
}

static char *
put_decimal(char *p, long value)
{
	char digits[24];
	unsigned long magnitude = value < 0 ? 0UL - (unsigned long)value : (unsigned long)value;
	int n = 0;

	if (value < 0)
		*p++ = '-';
	do {
		digits[n++] = (char)('0' + magnitude % 10);
		magnitude /= 10;
	} while (magnitude != 0);
	while (n > 0)
		*p++ = digits[--n];
	return p;
}

static char *
put_hex(char *p, unsigned long value)
{
	char digits[20];
	int n = 0;

	p = put_text(p, "0x");
	do {
		digits[n++] = "0123456789abcdef"[value & 0xf];
		value >>= 4;
	} while (value != 0);
	while (n > 0)
		*p++ = digits[--n];
	return p;
}

static void
log_line(const char *line, long length)
{
	long fd = 2;

	if (log_path[0] != '\0') {
		fd = syscall_no_intercept(SYS_open, log_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC,
		                          0644);
		if (fd < 0)
			return;
	}
	syscall_no_intercept(SYS_write, fd, line, length);
	if (fd != 2)
		syscall_no_intercept(SYS_close, fd);
}

static char *
put_ids(char *p)
{
	p = put_text(p, " pid=");
	p = put_decimal(p, syscall_no_intercept(SYS_getpid));
	p = put_text(p, " tid=");
	return put_decimal(p, syscall_no_intercept(SYS_gettid));
}

static void
on_clone_child(unsigned long flags, void *child_stack, int *ptid, int *ctid, long newtls)
{
	char line[160];
	char *p = line;

	(void)ptid; (void)ctid; (void)newtls;
	p = put_text(p, "child");
	p = put_ids(p);
	p = put_text(p, " flags=");
	p = put_hex(p, flags);
	p = put_text(p, " stack=");
	p = put_hex(p, (unsigned long)child_stack);
	*p++ = '\n';
	log_line(line, p - line);
}

static void
on_clone_parent(unsigned long flags, void *child_stack, int *ptid, int *ctid, long newtls,
                long returned_pid)
{
	char line[160];
	char *p = line;

	(void)ptid; (void)ctid; (void)newtls;
	p = put_text(p, "parent");
	p = put_ids(p);
	p = put_text(p, " returned=");
	p = put_decimal(p, returned_pid);
	p = put_text(p, " flags=");
	p = put_hex(p, flags);
	p = put_text(p, " stack=");
	p = put_hex(p, (unsigned long)child_stack);
	*p++ = '\n';
	log_line(line, p - line);
}

static void
on_intercept_child(void)
{
	char line[96];
	char *p = put_ids(put_text(line, "intercept_child"));

	*p++ = '\n';
	log_line(line, p - line);
}

static void
on_intercept_parent(long pid)
{
	char line[128];
	char *p = put_ids(put_text(line, "intercept_parent"));

	p = put_text(p, " returned=");
	p = put_decimal(p, pid);
	*p++ = '\n';
	log_line(line, p - line);
}

static int
pass_everything(long syscall_number, long arg0, long arg1, long arg2, long arg3, long arg4,
                long arg5, long *result)
{
	(void)arg0; (void)arg1; (void)arg2; (void)arg3; (void)arg4; (void)arg5; (void)result;
	if (syscall_number == SYS_clone || syscall_number == SYS_clone3 || syscall_number == SYS_fork ||
	    syscall_number == SYS_vfork) {
		char line[96];
		char *p = put_ids(put_text(line, "hook"));

		p = put_text(p, " nr=");
		p = put_decimal(p, syscall_number);
		*p++ = '\n';
		log_line(line, p - line);
	}
	return 1;
}

static __attribute__((constructor)) void
install(void)
{
	const char *path = getenv("SYSFAULT_TEST_CLONE_LOG");
	char line[96];
	char *p = line;

	if (path != NULL && strlen(path) < sizeof(log_path))
		strcpy(log_path, path);
	p = put_text(p, "start pid=");
	p = put_decimal(p, syscall_no_intercept(SYS_getpid));
	p = put_text(p, " allowed=");
	p = put_decimal(p, syscall_hook_in_process_allowed());
	*p++ = '\n';
	log_line(line, p - line);

	intercept_hook_point = pass_everything;
	sysfault_hook_point_clone_child = on_clone_child;
	sysfault_hook_point_clone_parent = on_clone_parent;
	intercept_hook_point_clone_child = on_intercept_child;
	intercept_hook_point_clone_parent = on_intercept_parent;
}
