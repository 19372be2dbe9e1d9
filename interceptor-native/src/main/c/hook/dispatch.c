/* The C dispatcher: for each intercepted call decides whether the kernel, a hook or nobody answers it. */
#include <stddef.h>
#include <sys/syscall.h>
#include "libsyscall_intercept_hook_point.h"
#include "sysfault_hook_point.h"
#include "fd_paths.h"
#include "frame.h"
#include "rules.h"
#include "rules_state.h"
#include "run_call.h"
#include "own_ids.h"
#include "user_memory.h"
#include "trace.h"
#include "call_kinds.h"
#include "exempt_thread.h"
#include "pause.h"
#include "rule_scope.h"
#include "exec_check.h"
#include "exec_rules.h"
#include "sud.h"
#include "sud_wanted.h"
#include "sud_rewrite.h"
#include "contracts/trampoline_layout.h"

#define CLONE_VM_FLAG    0x00000100UL
#define CLONE_VFORK_FLAG 0x00004000UL
#define SIGCHLD_NUMBER   17UL

__thread __attribute__((tls_model("initial-exec"))) int sysfault_thread_exempt;

/*
 * The caller's stack pointer (as the frame holds it) at this thread's last clone3: a child that
 * finds its own there runs on its parent's stack, one that does not was given a stack of its own
 * (a new thread's TLS holds 0).  clone3's block cannot tell the child: the parent may reuse it.
 */
static __thread __attribute__((tls_model("initial-exec"))) unsigned long clone3_caller_rsp;

static inline void *
load_hook(void *const *slot)
{
	return __atomic_load_n(slot, __ATOMIC_RELAXED);
}

static int
clone_hooks_installed(void)
{
	return load_hook((void *const *)&intercept_hook_point_clone_child) != NULL ||
	       load_hook((void *const *)&intercept_hook_point_clone_parent) != NULL ||
	       load_hook((void *const *)&sysfault_hook_point_clone_child) != NULL ||
	       load_hook((void *const *)&sysfault_hook_point_clone_parent) != NULL;
}

/*
 * A thread in the rules' scope, or named for PAUSE rules, that starts a thread sharing its memory: the
 * child is named as the clone returns (named_threads.h).  A vfork child is not: it shares the TLS too,
 * and with it the verdict (rule_scope.h).
 */
static void
note_clone_for_named_threads(const struct syscall_frame *f)
{
	int paused = sysfault_pause_named_here(), scoped = sysfault_rule_scope_on();
	if (!paused && !scoped)
		return;
	unsigned long flags = (unsigned long)f->args[0];   /* clone's; clone3's are the block's first field */
	if (f->nr == SYS_clone3 && !sysfault_read_user_block((const void *)f->args[0], &flags, sizeof(flags)))
		return;   /* the clone fails with EFAULT */
	if (f->nr == SYS_fork)
		flags = 0;
	else if (f->nr == SYS_vfork)
		flags = CLONE_VM_FLAG | CLONE_VFORK_FLAG;
	int makes_thread = (flags & CLONE_VM_FLAG) && !(flags & CLONE_VFORK_FLAG);
	if (paused && makes_thread)
		sysfault_pause_clone_starts();
	if (scoped)
		sysfault_rule_scope_clone_starts(makes_thread);
}

static long
post_step_for(long nr)
{
	switch (nr) {
	case SYS_clone:  return NEXT_POST_CLONE;
	case SYS_fork:   return NEXT_POST_FORK;
	case SYS_vfork:  return NEXT_POST_VFORK;
	case SYS_clone3: return NEXT_POST_CLONE3;
	default:         return NEXT_SYSCALL;
	}
}

/* The user's hook, if one is installed and answers the call: 1 with the step filled in. */
static int
answered_by_hook(const struct syscall_frame *f, struct next_step *step)
{
	void *hook = load_hook((void *const *)&intercept_hook_point);
	if (hook == NULL)
		return 0;
	long result = 0;
	long args[8];
	args[0] = f->nr;
	for (int i = 0; i < 6; i++)
		args[i + 1] = f->args[i];
	args[7] = (long)&result;
	/* The hook returns int: only %eax is meaningful. */
	if ((int)sysfault_call_preserving_vectors(hook, args) != 0)
		return 0;
	*step = (struct next_step){ result, NEXT_DONE };
	return 1;
}

/*
 * In order: the first rule of the table in force that matches (if it fires,
 * it decides), the user's hook, the kernel.  The call runs here when we need
 * its result (to record it, or to follow descriptors), in the trampoline
 * otherwise or when it must (call_kinds.h).  An exempt thread's call takes no
 * rule and is not recorded; the rest (hook, descriptors, the clone family's
 * steps after the call) is as for any thread.
 */
struct next_step
sysfault_dispatch_enter(struct syscall_frame *f)
{
	const struct loaded_rules *t = NULL;
	int rule = -1, fire = 0, record = 0;
	if (sysfault_sud_on) {
		sysfault_sud_block_again();
		sysfault_sud_rewrite_watch(f->nr, f->args[0]);
	}
	if (__builtin_expect(!sysfault_thread_exempt, 1)) {
		sysfault_rules_keep_up();   /* a table the control file named since the last call */
		t = sysfault_rules_now();   /* this call keeps this table to its end */
		if (t != NULL && (unsigned long)f->nr < RULES_MAX_SYSCALL && sysfault_rule_scope_admits())
			rule = sysfault_rules_pick(t, f, &fire);
		record = sysfault_trace_wants(f->nr, rule >= 0);
	}
	if (sysfault_trace.header != NULL && ends_thread_memory(f->nr))
		sysfault_trace_leaving();   /* before the thread's memory may go */
	if (f->nr == SYS_exit && sysfault_rule_scope_on())
		sysfault_rule_scope_thread_ends();

	struct next_step step = { f->nr, NEXT_SYSCALL };
	uint32_t ran_here = 0;
	if (!fire && sysfault_exec_checked(f->nr)) {
		if (t != NULL && (sysfault_exec_rules_passed || (sysfault_rule_scope_on() && sysfault_rule_scope_admits())))
			sysfault_exec_give_rules(f);   /* before the check, which may start it through sysfault-exec */
		sysfault_check_exec(f);
	}
	if (fire) {
		if (record && sysfault_rule_holds_call(t, rule))
			sysfault_trace_record(f, 0, EVENT_INJECTED | EVENT_UNFINISHED, rule);
		struct rule_outcome o = sysfault_rules_act(t, rule, f);
		if (o.kind == RULE_ANSWERED)
			step = (struct next_step){ o.result, NEXT_DONE };
	} else if (!answered_by_hook(f, &step) && !runs_in_trampoline(f->nr) && !never_returns(f->nr) &&
	           (record || sysfault_sud_on || (sysfault_fd_paths_on() && sysfault_fd_call(f->nr)))) {
		if (record && f->nr == SYS_close)
			sysfault_trace_closing(f);
		/* With SUD on, a trampoline's syscall instruction (outside our code) would take SIGSYS. */
		step = (struct next_step){ sysfault_sud_on ? sysfault_sud_run_call(f) : sysfault_run_call(f), NEXT_DONE };
		ran_here = TRACE_RAN_HERE;
	}

	uint32_t injected = fire && sysfault_rule_injects(t, rule) ? EVENT_INJECTED : 0;
	if (step.offset == NEXT_DONE) {
		if (record)
			sysfault_trace_record(f, step.value, injected | ran_here, rule);
		return step;
	}
	if (record && never_returns(f->nr))
		sysfault_trace_record(f, 0, injected | EVENT_NO_RETURN, rule);
	if (f->nr == SYS_clone3)
		clone3_caller_rsp = f->saved_rsp;
	if (sysfault_rules_were_used() || record || sysfault_trace.header != NULL || clone_hooks_installed() ||
	    sysfault_sud_on || sysfault_rule_scope_on()) {
		step.offset = post_step_for(f->nr);   /* the clone family comes back through sysfault_exit */
		if (step.offset != NEXT_SYSCALL)
			note_clone_for_named_threads(f);
	}
	if (sysfault_sud_on)
		sysfault_sud_let_through();
	return step;
}

/* The clone3 argument block, as far as the hooks need it (linux/sched.h). */
struct clone3_args {
	unsigned long flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
};

/*
 * In a clone child: is it a process of its own, with memory of its own?
 * clone's flags are in a register; clone3's are in the parent's argument
 * block, which a thread must not trust (the parent may reuse it), but which
 * is intact for a child with memory of its own (a copy) or a vfork child
 * (the parent waits).
 */
static int
child_is_new_process(const struct syscall_frame *f, unsigned long flags)
{
	switch (f->nr) {
	case SYS_fork:
		return 1;
	case SYS_vfork:
		return 0;
	case SYS_clone:
		return !(flags & CLONE_VM_FLAG);
	case SYS_clone3:
		if (sysfault_raw_syscall(SYS_gettid, 0, 0, 0, 0, 0, 0) !=
		    sysfault_raw_syscall(SYS_getpid, 0, 0, 0, 0, 0, 0))
			return 0;
		return !(((const struct clone3_args *)f->args[0])->flags & CLONE_VM_FLAG);
	default:
		return 0;
	}
}

/* In a clone child: was it given a stack of its own (clone's second argument, clone3's stack)? */
static int
child_on_new_stack(const struct syscall_frame *f)
{
	if (f->nr == SYS_clone)
		return f->args[1] != 0;
	return f->nr == SYS_clone3 && f->saved_rsp != clone3_caller_rsp;
}

long
sysfault_dispatch_exit(struct syscall_frame *f)
{
	long result = f->result;
	unsigned long flags = 0, stack = 0, tls = 0;
	int *ptid = NULL, *ctid = NULL;

	switch (f->nr) {
	case SYS_clone:
		flags = (unsigned long)f->args[0];
		stack = (unsigned long)f->args[1];
		ptid = (int *)f->args[2];
		ctid = (int *)f->args[3];
		tls = (unsigned long)f->args[4];
		break;
	case SYS_clone3: {
		/*
		 * Only the parent reads the argument block: it lives in the caller's
		 * frame, which a CLONE_VM child cannot trust (the parent may already
		 * have returned and reused it).  The kernel has read it when the call
		 * did not fail; after a failure it may be unreadable.
		 */
		struct clone3_args c = { 0 };
		if (result > 0)
			c = *(const struct clone3_args *)f->args[0];
		else if (result < 0 && !sysfault_read_user_block((const void *)f->args[0], &c, sizeof(c)))
			c = (struct clone3_args){ 0 };
		flags = c.flags | (c.exit_signal & 0xff);
		stack = c.stack ? c.stack + c.stack_size : 0;
		ptid = (int *)c.parent_tid;
		ctid = (int *)c.child_tid;
		tls = c.tls;
		break;
	}
	case SYS_fork:
		flags = SIGCHLD_NUMBER;
		break;
	case SYS_vfork:
		flags = CLONE_VM_FLAG | CLONE_VFORK_FLAG | SIGCHLD_NUMBER;
		break;
	default:
		return result;
	}

	sysfault_forget_own_ids();   /* a vfork child shares this thread's TLS; a fork child copied it */
	sysfault_pause_clone_done(result);
	sysfault_rule_scope_clone_done((flags & CLONE_VFORK_FLAG) != 0, result);
	if (sysfault_sud_on)
		sysfault_sud_after_clone(result == 0);
	if (result == 0 && child_is_new_process(f, flags)) {
		sysfault_rules_new_process();
		sysfault_rule_scope_new_process();
		sysfault_trace_new_process();
		sysfault_sud_rewrite_new_process();
	}
	if (result != 0 && !sysfault_thread_exempt && sysfault_trace_wants(f->nr, 0))
		sysfault_trace_record(f, result, 0, -1);   /* as strace: the parent's return */

	long args[8] = { (long)flags, (long)stack, (long)ptid, (long)ctid, (long)tls, result, 0, 0 };
	long pid_only[8] = { result, 0, 0, 0, 0, 0, 0, 0 };
	void *ours = load_hook(result == 0 ? (void *const *)&sysfault_hook_point_clone_child
	                                   : (void *const *)&sysfault_hook_point_clone_parent);
	if (ours != NULL)
		sysfault_call_preserving_vectors(ours, args);
	/* syscall_intercept's: only after a clone or clone3 given a stack (fork's and vfork's is 0). */
	int new_stack = result == 0 ? child_on_new_stack(f) : stack != 0;
	void *theirs = !new_stack ? NULL
	             : load_hook(result == 0 ? (void *const *)&intercept_hook_point_clone_child
	                                     : (void *const *)&intercept_hook_point_clone_parent);
	if (theirs != NULL)
		sysfault_call_preserving_vectors(theirs, pid_only);
	return result;
}
