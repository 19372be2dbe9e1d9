/* Before an execve: whether the next program can be covered at all. */
#ifndef SYSFAULT_EXEC_CHECK_H
#define SYSFAULT_EXEC_CHECK_H

#include "frame.h"

/* SYSFAULT_STRICT=1 (set once by start-up): an uncovered program is not run; the process exits with 86. */
extern int sysfault_exec_strict __attribute__((visibility("hidden")));

/*
 * f is an execve about to run.  If its file is an x86-64 ELF program that never loads glibc's
 * dynamic loader (static, musl), LD_PRELOAD cannot bring libsysfault.so into it: one line on
 * stderr says so, and strictly the process exits with 86 instead of running it unhooked.
 * The same check as sysfault-supervisor's (supervisor/coverage.c), for programs that a covered
 * program starts.
 */
void sysfault_check_exec(const struct syscall_frame *f);

#endif
