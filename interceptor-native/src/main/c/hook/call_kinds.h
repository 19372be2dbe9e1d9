/* Syscalls that need the trampoline's own syscall instruction, and syscalls that never return. */
#ifndef SYSFAULT_CALL_KINDS_H
#define SYSFAULT_CALL_KINDS_H

#include <errno.h>
#include <sys/syscall.h>

/* They must run in the trampoline, on the caller's stack, with nothing of ours after them. */
static inline int
runs_in_trampoline(long nr)
{
	return nr == SYS_clone || nr == SYS_clone3 || nr == SYS_fork || nr == SYS_vfork ||
	       nr == SYS_rt_sigreturn;
}

/* No result ever comes back to the caller. */
static inline int
never_returns(long nr)
{
	return nr == SYS_rt_sigreturn || nr == SYS_exit || nr == SYS_exit_group;
}

/* When it succeeds, this thread's memory is gone: the thread ends, or the process runs a new program. */
static inline int
ends_thread_memory(long nr)
{
	return nr == SYS_exit || nr == SYS_exit_group || nr == SYS_execve || nr == SYS_execveat;
}

/*
 * Linux ends the call's work even when it reports a failure: close releases the descriptor
 * before anything can fail but the lookup, so every close failure except EBADF (EIO, EINTR,
 * ENOSPC, EDQUOT from the flush) comes after the release.  An injected failure of that kind
 * runs the call first, so the program is left as a real failure leaves it and careful code is
 * not blamed for a leak the injection made (strace's injection leaves it open: the one way a
 * SPEC does more here than under strace).  docs/exploration.md lists the calls exploration
 * fails and why the others do not run.
 */
static inline int
runs_before_failing(long nr, long error)
{
	return nr == SYS_close && error != EBADF;
}

#endif
