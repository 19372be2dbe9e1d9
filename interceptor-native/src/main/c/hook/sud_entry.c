/* The SIGSYS handler of Syscall User Dispatch: a call from outside the patched sites meets the same dispatcher.
 *
 * A site caught here that start-up listed (an object loaded then, padding in reach) is rewritten
 * to jump to its trampoline (sud_rewrite.c), so that only its first call pays the signal (about
 * 1.2 µs here, bench/run); any other site pays it on every call.  docs/syscall-user-dispatch.md.
 */
#include <signal.h>
#include <stddef.h>
#include <sys/syscall.h>
#include <sys/ucontext.h>
#include "call_kinds.h"
#include "sud.h"
#include "sud_context.h"
#include "sud_rewrite.h"
#include "sud_wanted.h"
#include "contracts/trampoline_layout.h"

#ifndef SYS_USER_DISPATCH
#define SYS_USER_DISPATCH 2
#endif
#define CLONE_VM_FLAG 0x00000100UL
#define CLONE_VFORK_FLAG 0x00004000UL
#define SYSCALL_INSTRUCTION_SIZE 2

__thread __attribute__((tls_model("initial-exec"))) char sysfault_sud_selector;
__thread __attribute__((tls_model("initial-exec"))) char sysfault_sud_thread_armed;
int sysfault_sud_on;
int sysfault_sud_forced;
unsigned long sysfault_sud_code_start, sysfault_sud_code_length;

#define PR_SET_SYSCALL_USER_DISPATCH_ 59
#define PR_SYS_DISPATCH_ON_ 1

long
sysfault_sud_arm_thread(void)
{
	sysfault_sud_selector = SUD_SELECTOR_BLOCK;
	long r = sysfault_raw_syscall(SYS_prctl, PR_SET_SYSCALL_USER_DISPATCH_, PR_SYS_DISPATCH_ON_,
	                              (long)sysfault_sud_code_start, (long)sysfault_sud_code_length,
	                              (long)&sysfault_sud_selector, 0);
	if (r == 0)
		sysfault_sud_thread_armed = 1;
	return r;
}

void
sysfault_sud_after_clone(int in_child)
{
	if (in_child) {
		/* A fork child's TLS says armed, but the kernel armed no child. */
		sysfault_sud_thread_armed = 0;
		sysfault_sud_arm_if_wanted();
	}
	sysfault_sud_selector = SUD_SELECTOR_BLOCK;
}

/* A SIGSYS that is not SUD's (a seccomp filter's SECCOMP_RET_TRAP, a kill): the program's action. */
static void
chain_to_program(int sig, siginfo_t *info, void *context)
{
	struct kernel_sigaction a = sysfault_sud_program_sigsys;
	if (a.handler == SIG_IGN)
		return;
	if (a.handler == SIG_DFL) {
		/* Dies of SIGSYS, as it would have: the default action, then the signal again. */
		struct kernel_sigaction dfl = { SIG_DFL, SUD_SA_RESTORER, (void *)sysfault_sud_restorer, 0 };
		sysfault_raw_syscall(SYS_rt_sigaction, SUD_SIGSYS, (long)&dfl, 0, 8, 0, 0);
		sysfault_raw_syscall(SYS_tgkill, sysfault_raw_syscall(SYS_getpid, 0, 0, 0, 0, 0, 0),
		                     sysfault_raw_syscall(SYS_gettid, 0, 0, 0, 0, 0, 0), SUD_SIGSYS, 0, 0, 0);
		return;
	}
	if (a.flags & SUD_SA_RESETHAND)
		sysfault_sud_program_sigsys.handler = SIG_DFL;
	if (a.flags & SUD_SA_SIGINFO)
		((void (*)(int, siginfo_t *, void *))a.handler)(sig, info, context);
	else
		((void (*)(int))a.handler)(sig);
}

/* clone, clone3 or vfork whose child runs on another stack or in our memory: not from inside a handler. */
static int
child_needs_the_callers_frame(long nr, const greg_t *g)
{
	switch (nr) {
	case SYS_vfork:
		return 1;
	case SYS_clone:
		return (g[REG_RDI] & (CLONE_VM_FLAG | CLONE_VFORK_FLAG)) || g[REG_RSI] != 0;
	case SYS_clone3: {
		const unsigned long *args = (const unsigned long *)g[REG_RDI];
		return (args[0] & (CLONE_VM_FLAG | CLONE_VFORK_FLAG)) || args[5] != 0;
	}
	default:
		return 0;
	}
}

/*
 * The call runs again at its own syscall instruction, let through once: for calls that need the
 * caller's registers and stack exactly (rt_sigreturn, a clone onto a new stack).  The selector
 * stays ALLOW until this thread's next patched call or clone sets it back (dispatch.c): the
 * calls between go unseen.
 */
static void
run_at_its_site(greg_t *g)
{
	g[REG_RIP] -= SYSCALL_INSTRUCTION_SIZE;
	sysfault_sud_let_through();
}

void
sysfault_sud_sigsys(int sig, void *info_, void *context)
{
	siginfo_t *info = info_;
	if (info->si_code != SYS_USER_DISPATCH) {
		chain_to_program(sig, info, context);
		return;
	}
	ucontext_t *uc = context;
	greg_t *g = uc->uc_mcontext.gregs;
	sysfault_sud_rewrite((unsigned long)info->si_call_addr - SYSCALL_INSTRUCTION_SIZE);

	long nr = info->si_syscall;
	if (nr == SYS_rt_sigreturn || child_needs_the_callers_frame(nr, g)) {
		run_at_its_site(g);
		return;
	}
	struct syscall_frame f = {
		.nr = nr,
		.args = { g[REG_RDI], g[REG_RSI], g[REG_RDX], g[REG_R10], g[REG_R8], g[REG_R9] },
		.site = (unsigned long)info->si_call_addr - SYSCALL_INSTRUCTION_SIZE,
		.saved_rsp = (unsigned long)g[REG_RSP],
	};
	sysfault_sud_handler_context = uc;
	struct next_step step = sysfault_dispatch_enter(&f);
	sysfault_sud_handler_context = NULL;
	long result = step.value;
	if (step.offset != NEXT_DONE) {
		/* What the trampoline would do: the call (exit, exit_group, fork), then the clone family's look. */
		result = sysfault_raw_syscall(f.nr, f.args[0], f.args[1], f.args[2], f.args[3], f.args[4], f.args[5]);
		if (step.offset != NEXT_SYSCALL) {
			f.result = result;
			result = sysfault_dispatch_exit(&f);
		}
	}
	sysfault_sud_selector = SUD_SELECTOR_BLOCK;
	g[REG_RAX] = result;
}
