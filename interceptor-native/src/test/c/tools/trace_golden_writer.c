/*
 * trace_golden_writer FILE: records a fixed set of calls into a new trace FILE with the library's
 * own recorder (trace_setup + sysfault_trace_record), then sets pid, tid and times to fixed
 * values, so that the bytes are the same on every run (descriptor 3 is /dev/null).  The result is the golden trace that
 * fault-dsl's reader must print as its .strace file says; TraceGoldenTest checks that this
 * program still writes exactly the committed bytes.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "hook/trace.h"
#include "startup/trace_setup.h"

static void
call(long nr, long a0, long a1, long a2, long a3, long result, uint32_t flags, int rule)
{
	struct syscall_frame f = { .nr = nr, .args = { a0, a1, a2, a3, 0, 0 } };
	sysfault_trace_record(&f, result, flags, rule);
}

int
main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: trace_golden_writer FILE\n");
		return 2;
	}
	unlink(argv[1]);
	setenv("SYSFAULT_TRACE", argv[1], 1);
	setenv("SYSFAULT_TRACE_EVENTS", "16", 1);
	trace_setup();
	if (sysfault_trace.header == NULL)
		return 1;
	/* descriptor 3 is /dev/null, so that the calls on it carry that path (EVENT_FD_PATH); 4 is not open */
	int null_fd = open("/dev/null", O_RDONLY);
	if (null_fd < 0 || dup2(null_fd, 3) != 3)
		return 1;
	if (null_fd != 3)
		close(null_fd);
	close(4);

	static char long_path[300];
	memset(long_path, 'x', sizeof(long_path) - 1);
	long_path[0] = '/';
	static const char quoted[] = "/tmp/a \"b\"\\c\n";
	static char buf[16] = "hello world";
	static const char hosts[] = "/etc/hosts", data_log[] = "/tmp/data.log";

	call(SYS_openat, AT_FDCWD, (long)hosts, O_RDONLY | O_CLOEXEC, 0, -2, EVENT_INJECTED, 0);
	call(SYS_openat, AT_FDCWD, (long)data_log, O_WRONLY | O_CREAT | O_TRUNC, 0644, 3, 0, -1);
	call(SYS_write, 3, (long)buf, 11, 0, 11, 0, -1);
	call(SYS_read, 3, 1, 10, 0, -14, 0, -1);
	call(SYS_openat, AT_FDCWD, 1, O_RDONLY, 0, -14, 0, -1);
	call(SYS_openat, AT_FDCWD, (long)long_path, O_RDONLY, 0, -36, 0, -1);
	call(SYS_openat, AT_FDCWD, (long)quoted, O_RDONLY | O_DIRECTORY, 0, -20, 0, -1);
	call(SYS_fsync, 3, 0, 0, 0, -5, EVENT_INJECTED, 1);
	call(SYS_fdatasync, 4, 0, 0, 0, -9, 0, -1);
	call(SYS_getppid, 0, 0, 0, 0, 42, 0, -1);
	call(SYS_close, 3, 0, 0, 0, 0, 0, -1);
	call(SYS_exit_group, 0, 0, 0, 0, 0, EVENT_NO_RETURN, -1);

	/* the same bytes on every run: fixed ids and times, and pointers that do not vary */
	struct trace_header *h = sysfault_trace.header;
	h->created_ns = 0;
	for (uint64_t s = 0; s < h->capacity && sysfault_trace.events[s].commit == s + 1; s++) {
		struct trace_event *e = &sysfault_trace.events[s];
		e->pid = 1000;
		e->tid = s == 9 ? 1001 : 1000;
		e->time_ns = 1000000 + 1000 * s;
		e->order = 5000 + s;
		for (int i = 0; i < 6; i++)
			if (e->args[i] == (long)buf || e->args[i] == (long)long_path || e->args[i] == (long)quoted ||
			    e->args[i] == (long)hosts || e->args[i] == (long)data_log)
				e->args[i] = (long)(0x7f0000000000ul + 0x1000ul * (unsigned)i);
	}
	return 0;
}
