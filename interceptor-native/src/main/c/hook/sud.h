/* Syscall User Dispatch on the hook path: the selector byte, the SIGSYS handler, the signal calls it must see. */
#ifndef SYSFAULT_SUD_H
#define SYSFAULT_SUD_H

#include <sys/syscall.h>
#include "frame.h"

/*
 * Syscall User Dispatch (Linux 5.11+, prctl PR_SET_SYSCALL_USER_DISPATCH) sends SIGSYS for every
 * syscall made outside libsysfault.so's own code while this thread's selector byte says BLOCK.
 * The glibc sites patched at start-up stay the fast path; SUD catches the rest (startup/sud.c
 * makes it ready), and a thread is armed once something consumes what it catches (sud_wanted.h).
 * Only the code here and in sud_*.c knows about it; the dispatcher asks four questions
 * (sysfault_sud_on, sysfault_sud_block_again in sud_wanted.h, sysfault_sud_run_call,
 * sysfault_sud_after_clone).
 */
#define SUD_SELECTOR_ALLOW 0
#define SUD_SELECTOR_BLOCK 1

/* Non-zero once start-up has made SUD ready for the process (our SIGSYS handler, the signal calls
 * adjusted, the kernel's support checked); never turned off.  Threads are armed later, when wanted. */
extern int sysfault_sud_on __attribute__((visibility("hidden")));

/*
 * This thread's selector byte, and whether SUD is on for this thread, pointing at it.
 * Initial-exec TLS, zero in every new thread, which has no SUD until sysfault_sud_arm_thread
 * runs in it.
 */
extern __thread char sysfault_sud_selector __attribute__((visibility("hidden"), tls_model("initial-exec")));
extern __thread char sysfault_sud_thread_armed __attribute__((visibility("hidden"), tls_model("initial-exec")));

/* The range that runs unhindered (libsysfault.so's code), set once by start-up. */
extern unsigned long sysfault_sud_code_start, sysfault_sud_code_length;

/* Points this thread's SUD state at its own selector, set to BLOCK: 0 or a negative errno. */
long sysfault_sud_arm_thread(void);

/* A syscall about to run in a trampoline, outside our code: let it through. */
static inline void
sysfault_sud_let_through(void)
{
	sysfault_sud_selector = SUD_SELECTOR_ALLOW;
}

/*
 * After a clone-family call that ran in a trampoline, in parent and child: back to BLOCK.  The
 * kernel does not pass SUD on to a child (thread or process), so every child turns it on again.
 */
void sysfault_sud_after_clone(int in_child);


/* The signal calls that sysfault_sud_run_call adjusts; it runs every other call as is. */
static inline int
sysfault_sud_adjusts(long nr)
{
	return nr == SYS_rt_sigaction || nr == SYS_rt_sigprocmask || nr == SYS_sigaltstack;
}

/*
 * Runs a call for the dispatcher while SUD is on: the signal calls that would take SIGSYS from
 * us (its handler, its blocking, the restorer that returns from handlers) are adjusted
 * (sud_signals.c); every other call runs as sysfault_run_call runs it.
 */
long sysfault_sud_run_call(const struct syscall_frame *f);

/* The SIGSYS handler (sud_entry.c) and the rt_sigreturn that every handler returns through (sud_restorer.S). */
void sysfault_sud_sigsys(int sig, void *info, void *context);
void sysfault_sud_restorer(void);

/* The program's own SIGSYS action, which ours chains to (sud_signals.c): the kernel's layout. */
struct kernel_sigaction {
	void *handler;
	unsigned long flags;
	void *restorer;
	unsigned long mask;
};
extern struct kernel_sigaction sysfault_sud_program_sigsys;

/* The SIGSYS bit of a kernel sigset, and the flags the kernel's sigaction needs here. */
#define SUD_SIGSYS 31
#define SUD_SIGSYS_BIT (1UL << (SUD_SIGSYS - 1))
#define SUD_SA_SIGINFO 0x00000004UL
#define SUD_SA_RESTORER 0x04000000UL
#define SUD_SA_NODEFER 0x40000000UL
#define SUD_SA_RESETHAND 0x80000000UL

#endif
