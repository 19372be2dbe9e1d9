/* The program's signal calls while Syscall User Dispatch is on: SIGSYS stays ours, unblocked, and chained. */
#include <signal.h>
#include <stddef.h>
#include <sys/syscall.h>
#include <sys/ucontext.h>
#include "run_call.h"
#include "sud.h"
#include "sud_context.h"
#include "user_memory.h"

struct kernel_sigaction sysfault_sud_program_sigsys;

__thread __attribute__((tls_model("initial-exec"))) void *sysfault_sud_handler_context;

#define KERNEL_SIGSET_SIZE 8
#define EPERM_ 1
#define SS_AUTODISARM_ (1 << 31)
#define KERNEL_MINSIGSTKSZ 2048UL   /* the kernel's, for x86; glibc's MINSIGSTKSZ is no constant */
#define ENOMEM_ 12
#define EFAULT_ 14
#define EINVAL_ 22
#define UNBLOCKABLE ((1UL << (SIGKILL - 1)) | (1UL << (SIGSTOP - 1)))

/*
 * rt_sigaction.  SIGSYS: the program's action is kept as the one ours chains to, and reported
 * back as if installed; ours stays.  Any other signal: its handler must neither block SIGSYS
 * (SUD's SIGSYS is forced: blocked, it kills the process) nor return through a restorer outside
 * our code (rt_sigreturn from there would take SIGSYS itself), so both are replaced.
 * The program's pointers are read and written as the kernel would (user_memory.h): a bad one
 * gets EFAULT, in the kernel's order (the new action read first, the old one written last).
 */
static long
sigaction_call(const struct syscall_frame *f)
{
	long sig = f->args[0];
	const struct kernel_sigaction *act = (const struct kernel_sigaction *)f->args[1];
	struct kernel_sigaction *old = (struct kernel_sigaction *)f->args[2];
	if (f->args[3] != KERNEL_SIGSET_SIZE)
		return sysfault_run_call(f);
	struct kernel_sigaction ours;
	if (act != NULL && !sysfault_read_user_block(act, &ours, sizeof(ours))) {
		if (sig != SUD_SIGSYS)
			return sysfault_run_call(f);   /* the kernel's EFAULT, and nothing changed */
		return -EFAULT_;
	}
	if (sig == SUD_SIGSYS) {
		struct kernel_sigaction previous = sysfault_sud_program_sigsys;
		if (act != NULL)
			sysfault_sud_program_sigsys = ours;
		if (old != NULL && !sysfault_write_user_block(old, &previous, sizeof(previous)))
			return -EFAULT_;
		return 0;
	}
	if (act == NULL)
		return sysfault_run_call(f);
	ours.mask &= ~SUD_SIGSYS_BIT;
	if (ours.handler != SIG_DFL && ours.handler != SIG_IGN) {
		ours.flags |= SUD_SA_RESTORER;
		ours.restorer = (void *)sysfault_sud_restorer;
	}
	struct syscall_frame g = *f;
	g.args[1] = (long)&ours;
	return sysfault_run_call(&g);
}

/*
 * The mask a SIGSYS handler returns to: rt_sigreturn restores it from the signal frame, so a
 * mask change made while our handler runs is made there, or it would be undone on return.
 */
static long
sigprocmask_in_handler(ucontext_t *uc, long how, const unsigned long *set, unsigned long *old)
{
	unsigned long *frame_mask = (unsigned long *)&uc->uc_sigmask;
	unsigned long now = *frame_mask;
	if (set != NULL) {
		unsigned long asked, next;
		if (!sysfault_read_user_block(set, &asked, sizeof(asked)))
			return -EFAULT_;
		switch (how) {
		case SIG_BLOCK:   next = now | asked; break;
		case SIG_UNBLOCK: next = now & ~asked; break;
		case SIG_SETMASK: next = asked; break;
		default:          return -EINVAL_;   /* as the kernel, after reading the set */
		}
		*frame_mask = next & ~(UNBLOCKABLE | SUD_SIGSYS_BIT);
	}
	if (old != NULL && !sysfault_write_user_block(old, &now, sizeof(now)))
		return -EFAULT_;
	return 0;
}

/* rt_sigprocmask: SIGSYS is never blocked (see sigaction_call). */
static long
sigprocmask_call(const struct syscall_frame *f, ucontext_t *in_handler)
{
	long how = f->args[0];
	const unsigned long *set = (const unsigned long *)f->args[1];
	if (f->args[3] != KERNEL_SIGSET_SIZE)
		return sysfault_run_call(f);
	if (in_handler != NULL)
		return sigprocmask_in_handler(in_handler, how, set, (unsigned long *)f->args[2]);
	unsigned long asked;
	/* An unreadable set: the kernel says EFAULT. */
	if (set == NULL || how == SIG_UNBLOCK || !sysfault_read_user_block(set, &asked, sizeof(asked)) ||
	    !(asked & SUD_SIGSYS_BIT))
		return sysfault_run_call(f);
	unsigned long without = asked & ~SUD_SIGSYS_BIT;
	struct syscall_frame g = *f;
	g.args[1] = (long)&without;
	return sysfault_run_call(&g);
}

/*
 * sigaltstack while our handler runs on the alternate stack (sysfault-exec installs it SA_ONSTACK, for
 * Go's small goroutine stacks) and the program, by its own stack pointer, is not on it: the kernel
 * refuses (EPERM) a change that the program could make.  Made in the frame instead, as the kernel
 * would check it; rt_sigreturn applies it once the program's stack pointer is back.
 */
static long
sigaltstack_in_frame(const stack_t *set, stack_t *old, ucontext_t *uc)
{
	stack_t had = uc->uc_stack, want;
	had.ss_flags &= ~SS_ONSTACK;
	if (set != NULL) {
		if (!sysfault_read_user_block(set, &want, sizeof(want)))
			return -EFAULT_;
		int mode = want.ss_flags & ~SS_AUTODISARM_;
		if (mode != 0 && mode != SS_ONSTACK && mode != SS_DISABLE)
			return -EINVAL_;
		if (mode == SS_DISABLE)
			want = (stack_t){ .ss_sp = NULL, .ss_flags = SS_DISABLE, .ss_size = 0 };
		else if (want.ss_size < KERNEL_MINSIGSTKSZ)
			return -ENOMEM_;
	}
	if (old != NULL && !sysfault_write_user_block(old, &had, sizeof(had)))
		return -EFAULT_;
	if (set != NULL)
		uc->uc_stack = want;
	return 0;
}

/* sigaltstack in our handler: rt_sigreturn restores the alternate stack from the frame too. */
static long
sigaltstack_in_handler(const struct syscall_frame *f, ucontext_t *uc)
{
	long result = sysfault_run_call(f);
	const stack_t *set = (const stack_t *)f->args[0];
	if (result == -EPERM_ && !(uc->uc_stack.ss_flags & SS_ONSTACK))
		return sigaltstack_in_frame(set, (stack_t *)f->args[1], uc);
	stack_t now;
	if (result == 0 && set != NULL && sysfault_read_user_block(set, &now, sizeof(now)))
		uc->uc_stack = now;
	return result;
}

long
sysfault_sud_run_call(const struct syscall_frame *f)
{
	/* Taken once: a handler of the program's that interrupts ours then finds it NULL. */
	ucontext_t *in_handler = sysfault_sud_handler_context;
	if (__builtin_expect(in_handler != NULL, 0))
		sysfault_sud_handler_context = NULL;
	if (!sysfault_sud_adjusts(f->nr))
		return sysfault_run_call(f);
	switch (f->nr) {
	case SYS_rt_sigaction:
		return sigaction_call(f);
	case SYS_rt_sigprocmask:
		return sigprocmask_call(f, in_handler);
	case SYS_sigaltstack:
		return in_handler != NULL ? sigaltstack_in_handler(f, in_handler) : sysfault_run_call(f);
	default:
		return sysfault_run_call(f);
	}
}
