/* Before an execve: whether the next program can be covered at all. */
#ifndef SYSFAULT_EXEC_CHECK_H
#define SYSFAULT_EXEC_CHECK_H

#include <sys/syscall.h>
#include "frame.h"

/* SYSFAULT_STRICT=1 (set once by start-up): an uncovered program is not run; the process exits with 86. */
extern int sysfault_exec_strict __attribute__((visibility("hidden")));

/*
 * sysfault-exec's path (SYSFAULT_EXEC, set once by start-up; empty: none), and whether every x86-64
 * program goes through it (set in sysfault-exec itself, which puts LD_PRELOAD back for glibc's).
 */
extern char sysfault_exec_loader[256] __attribute__((visibility("hidden")));
extern int sysfault_exec_every_program __attribute__((visibility("hidden")));

/* The calls that sysfault_check_exec looks at before they run. */
static inline int
sysfault_exec_checked(long nr)
{
	return nr == SYS_execve;
}

/*
 * f is an execve about to run.  If its file is an x86-64 ELF program that never loads glibc's
 * dynamic loader (static, musl, Go), LD_PRELOAD cannot bring libsysfault.so into it: with
 * sysfault-exec known, f becomes "sysfault-exec --argv0 ARGV0 PATH ARGS..." (in memory mapped for
 * it, left mapped if the execve fails; inside sysfault-exec, for every executable file); without, one line on stderr says so, and strictly the
 * process exits with 86 instead of running it unhooked.  The same check as sysfault-supervisor's
 * (supervisor/coverage.c), for programs that a covered program starts.
 */
void sysfault_check_exec(struct syscall_frame *f);

#endif
