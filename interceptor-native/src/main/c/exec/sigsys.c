/* sysfault-exec's SIGSYS handler: what the library's handler leaves to patched sites that a program started by the loader has none of. */
#include <signal.h>
#include <stddef.h>
#include <sys/syscall.h>
#include <sys/ucontext.h>
#include "hook/frame.h"
#include "hook/sud.h"
#include "hook/user_memory.h"
#include "contracts/trampoline_layout.h"
#include "sigsys.h"
#include "thread_block.h"

#ifndef SYS_USER_DISPATCH
#define SYS_USER_DISPATCH 2
#endif
#define CLONE_VM_ 0x00000100UL
#define CLONE_SIGHAND_ 0x00000800UL
#define CLONE_VFORK_ 0x00004000UL
#define CLONE_THREAD_ 0x00010000UL
#define SHARES_MEMORY (CLONE_VM_ | CLONE_SIGHAND_ | CLONE_THREAD_)
#define SIGCHLD_ 17UL
#define ARCH_SET_GS_ 0x1001
#define ARCH_GET_GS_ 0x1004
#define EAGAIN_ 11
#define EPERM_ 1
#define SYSCALL_INSTRUCTION_SIZE 2
#define CLONE3_ARGS_MAX 88   /* struct clone_args up to CLONE_ARGS_SIZE_VER2 */

char sysfault_exec_program[4096];

long sysfault_exec_clone(long nr, long a0, long a1, long a2, long a3, long a4, struct thread_block *child);

/* The clone3 argument block's first words (linux/sched.h). */
struct clone3_args {
	unsigned long flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
};

/* How a call of the clone family runs here, given its frame. */
typedef long run_fn(const struct syscall_frame *f, const greg_t *g);

/*
 * The dispatcher around a call that this file runs itself, as sysfault_sud_sigsys runs any other:
 * the rules and the trace see the program's call as it made it.
 */
static void
dispatch_around(struct syscall_frame *f, greg_t *g, run_fn *run)
{
	struct next_step step = sysfault_dispatch_enter(f);
	long result = step.value;
	if (step.offset != NEXT_DONE) {
		result = run(f, g);
		if (step.offset != NEXT_SYSCALL) {
			f->result = result;
			result = sysfault_dispatch_exit(f);
		}
	}
	sysfault_sud_selector = SUD_SELECTOR_BLOCK;
	g[REG_RAX] = result;
}

/* A new thread (or process sharing our memory) on a stack of its own: made by clone_child.S, which arms it. */
static long
run_new_thread(const struct syscall_frame *f, const greg_t *g)
{
	struct thread_block *child = thread_block_claim();
	if (child == NULL)
		return -EAGAIN_;   /* as the kernel says when a process may have no more threads */
	child->frame = *f;
	for (int i = 0; i < 23; i++)
		child->regs[i] = g[i];
	long r = sysfault_exec_clone(f->nr, f->args[0], f->args[1], f->args[2], f->args[3], f->args[4], child);
	if (r < 0)
		thread_block_release(child);
	return r;
}

/*
 * A child on its creator's stack (vfork, clone with CLONE_VM and no stack): it would run the
 * program's code on the stack where this handler's frame lies, and the kernel does not arm it.
 * It runs as a fork child instead (memory copied, the parent still waits for its execve or exit
 * when it asked to), which returns from this handler armed: what such a child may do (execve,
 * _exit) it does the same way; only memory it writes before that stays its own.
 */
static long
run_as_fork(const struct syscall_frame *f, const greg_t *g)
{
	(void)g;
	if (f->nr == SYS_vfork)
		return sysfault_raw_syscall(SYS_clone, CLONE_VFORK_ | SIGCHLD_, 0, 0, 0, 0, 0);
	if (f->nr == SYS_clone)
		return sysfault_raw_syscall(SYS_clone, f->args[0] & ~SHARES_MEMORY, 0, f->args[2], f->args[3], f->args[4], 0);
	unsigned long size = (unsigned long)f->args[1] < CLONE3_ARGS_MAX ? (unsigned long)f->args[1] : CLONE3_ARGS_MAX;
	unsigned long copy[CLONE3_ARGS_MAX / 8] = { 0 };
	const unsigned char *from = (const unsigned char *)f->args[0];
	for (unsigned long i = 0; i < size; i++)
		((unsigned char *)copy)[i] = from[i];
	copy[0] &= ~SHARES_MEMORY;
	return sysfault_raw_syscall(SYS_clone3, (long)copy, (long)size, 0, 0, 0, 0);
}

/* Which of the clone family needs this file rather than the library's handler, and how it runs. */
static run_fn *
clone_runner(long nr, const greg_t *g)
{
	unsigned long flags, stack;
	switch (nr) {
	case SYS_vfork:
		return run_as_fork;
	case SYS_clone:
		flags = g[REG_RDI];
		stack = g[REG_RSI];
		break;
	case SYS_clone3: {
		const struct clone3_args *a = (const struct clone3_args *)g[REG_RDI];
		flags = a->flags;
		stack = a->stack;
		break;
	}
	default:
		return NULL;
	}
	if (stack != 0)
		return run_new_thread;
	return (flags & (CLONE_VM_ | CLONE_VFORK_)) ? run_as_fork : NULL;
}

/* Is the string at addr (the program's) "/proc/self/exe", which names sysfault-exec in the kernel's eyes? */
static int
names_own_exe(long addr)
{
	static const char exe[] = "/proc/self/exe";
	char path[sizeof(exe) + 1];
	if (sysfault_read_user_string((const void *)addr, path, sizeof(path)) != (long)sizeof(exe) - 1)
		return 0;
	for (unsigned i = 0; i < sizeof(exe); i++)
		if (path[i] != exe[i])
			return 0;
	return 1;
}

/* A readlink of /proc/self/exe that succeeded: the program's path in its buffer, as the kernel would give it. */
static void
readlink_says_program(greg_t *g, long buf, unsigned long size)
{
	unsigned long n = 0;
	while (sysfault_exec_program[n] != '\0')
		n++;
	if (n > size)
		n = size;
	if (sysfault_write_user_block((void *)buf, sysfault_exec_program, n))
		g[REG_RAX] = (greg_t)n;
}

void
sysfault_exec_sigsys(int sig, void *info_, void *context)
{
	siginfo_t *info = info_;
	ucontext_t *uc = context;
	greg_t *g = uc->uc_mcontext.gregs;
	if (info->si_code != SYS_USER_DISPATCH) {
		sysfault_sud_sigsys(sig, info_, context);
		return;
	}
	long nr = info->si_syscall;
	if (nr == SYS_rt_sigreturn) {
		/* The program's own restorer (one installed with a raw rt_sigaction before us): the same
		 * rt_sigreturn, from our code, on the same stack, with the selector left at BLOCK. */
		g[REG_RIP] = (greg_t)sysfault_sud_restorer;
		return;
	}
	if (nr == SYS_arch_prctl && (g[REG_RDI] == ARCH_SET_GS_ || g[REG_RDI] == ARCH_GET_GS_)) {
		g[REG_RAX] = -EPERM_;   /* %gs holds this thread's block (thread_block.h) */
		return;
	}
	/* /proc/self/exe is sysfault-exec: a program that re-executes or locates itself means itself. */
	if (nr == SYS_execve && names_own_exe(g[REG_RDI]))
		g[REG_RDI] = (greg_t)sysfault_exec_program;
	int own_exe = (nr == SYS_readlink && names_own_exe(g[REG_RDI])) ||
	              (nr == SYS_readlinkat && names_own_exe(g[REG_RSI]));
	run_fn *run = clone_runner(nr, g);
	if (run == NULL) {
		long buf = nr == SYS_readlink ? g[REG_RSI] : g[REG_RDX];
		unsigned long size = nr == SYS_readlink ? g[REG_RDX] : g[REG_R10];
		sysfault_sud_sigsys(sig, info_, context);
		if (own_exe && g[REG_RAX] > 0)
			readlink_says_program(g, buf, size);
		return;
	}
	struct syscall_frame f = {
		.nr = nr,
		.args = { g[REG_RDI], g[REG_RSI], g[REG_RDX], g[REG_R10], g[REG_R8], g[REG_R9] },
		.site = (unsigned long)info->si_call_addr - SYSCALL_INSTRUCTION_SIZE,
		.saved_rsp = (unsigned long)g[REG_RSP],
	};
	dispatch_around(&f, g, run);
}

void
sysfault_exec_thread_started(void)
{
	struct thread_block *b = thread_block_self();
	__atomic_store_n(&b->tid, sysfault_raw_syscall(SYS_gettid, 0, 0, 0, 0, 0, 0), __ATOMIC_RELEASE);
	struct syscall_frame f = b->frame;
	f.result = 0;
	sysfault_dispatch_exit(&f);
	sysfault_sud_selector = SUD_SELECTOR_BLOCK;
}
