/* Running an intercepted call from C, on the hook path, when its result is needed. */
#ifndef SYSFAULT_RUN_CALL_H
#define SYSFAULT_RUN_CALL_H

#include "fd_paths.h"
#include "frame.h"

/*
 * The syscall instruction right here, not in a function of its own: on
 * return from the kernel the CPU's return predictions are gone (the kernel's
 * mitigations refill them), so each return to a caller that was on the stack
 * before the call costs a misprediction.  Inlined, the call leaves fewer.
 */
static inline __attribute__((always_inline)) long
sysfault_syscall_inline(const struct syscall_frame *f)
{
	register long a3 __asm__("r10") = f->args[3];
	register long a4 __asm__("r8") = f->args[4];
	register long a5 __asm__("r9") = f->args[5];
	long result;
	__asm__ volatile("syscall"
	                 : "=a"(result)
	                 : "a"(f->nr), "D"(f->args[0]), "S"(f->args[1]), "d"(f->args[2]), "r"(a3), "r"(a4), "r"(a5)
	                 : "rcx", "r11", "memory");
	return result;
}

/* Runs the call here, keeping the descriptor paths up to date (FD_PATH rules need them). */
static inline __attribute__((always_inline)) long
sysfault_run_call(const struct syscall_frame *f)
{
	if (!(sysfault_fd_paths_on() && sysfault_fd_call(f->nr)))
		return sysfault_syscall_inline(f);
	sysfault_fd_paths_before(f);
	long result = sysfault_syscall_inline(f);
	sysfault_fd_paths_after(f, result);
	return result;
}

#endif
