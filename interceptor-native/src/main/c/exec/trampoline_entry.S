/* The entry of a rewritten site's trampoline in sysfault-exec: hook/entry.S's work, on a stack of our own, and the calls only the SIGSYS path may run. */
#include <sys/syscall.h>
#include "contracts/trampoline_layout.h"
#include "hook/frame_args.h"
#include "thread_block.h"

#define SELECTOR_BLOCK 1   /* SUD_SELECTOR_BLOCK (hook/sud.h, C only) */

	.text

/*
 * sysfault_exec_entry: what the trampolines of sites rewritten in a program that sysfault-exec
 * started call through their entry slot (patcher/caught_sites.c), in place of hook/entry.S's
 * sysfault_entry, with the same registers in and out (entry.S says which).
 *
 * Two differences, both because the program's thread is not one a C library made:
 *  - The calls that exec/sigsys.c must see go back to the trampoline's own syscall instruction
 *    (NEXT_SYSCALL) with the selector at BLOCK: it is outside our code, so SUD catches it there,
 *    with every register and %rsp exactly as at the site, and sigsys.c runs it as it runs any
 *    caught call.  They are the clone family (a new thread needs its block and its SUD armed
 *    before the program's code runs again: clone_child.S), rt_sigreturn (from our restorer, so
 *    that the selector stays BLOCK), execve (/proc/self/exe), readlink of /proc/self/exe and
 *    arch_prctl of %gs.
 *  - The dispatcher runs on this thread's dispatch stack (thread_block.h), not the caller's: a
 *    goroutine's stack may end a few hundred bytes below a Go syscall.  A call that arrives while
 *    this thread is already on it (a signal handler's, during a call) stays on its own stack.
 */
	.globl	sysfault_exec_entry
	.hidden	sysfault_exec_entry
	.type	sysfault_exec_entry, @function
sysfault_exec_entry:
	cmpl	$SYS_rt_sigreturn, %eax
	je	.Lcaught
	cmpl	$SYS_clone, %eax
	je	.Lcaught
	cmpl	$SYS_fork, %eax
	je	.Lcaught
	cmpl	$SYS_vfork, %eax
	je	.Lcaught
	cmpl	$SYS_execve, %eax
	je	.Lcaught
	cmpl	$SYS_readlink, %eax
	je	.Lcaught
	cmpl	$SYS_arch_prctl, %eax
	je	.Lcaught
	cmpl	$SYS_readlinkat, %eax
	je	.Lcaught
	cmpl	$SYS_execveat, %eax
	je	.Lcaught
	cmpl	$SYS_clone3, %eax
	je	.Lcaught

	movq	%rsp, %rcx			/* the caller's: (%rcx) is the trampoline's return address */
	cmpq	$0, %gs:BLOCK_ON_DISPATCH
	jne	.Lnested
	movq	$1, %gs:BLOCK_ON_DISPATCH
	movq	%gs:BLOCK_DISPATCH_TOP, %rsp
	subq	$96, %rsp
	movq	$1, 80(%rsp)			/* this call owns the dispatch stack */
	jmp	.Lframe
.Lnested:
	andq	$-16, %rsp
	subq	$96, %rsp
	movq	$0, 80(%rsp)
.Lframe:
	movq	%rax, 0(%rsp)			/* struct syscall_frame, as entry.S lays it out */
	save_syscall_args
	movq	%r11, 56(%rsp)
	movq	%rcx, 64(%rsp)
	movq	%rsp, %rdi
	call	sysfault_dispatch_enter
	movq	64(%rsp), %r11
	movq	(%r11), %rcx
	addq	%rdx, %rcx
	restore_syscall_args
	cmpq	$0, 80(%rsp)
	je	.Lleave_nested
	/* Off the dispatch stack before it is free: a handler's call arriving now finds it taken. */
	movq	%r11, %rsp
	movq	$0, %gs:BLOCK_ON_DISPATCH
	ret
.Lleave_nested:
	movq	%r11, %rsp
	ret

.Lcaught:
	movb	$SELECTOR_BLOCK, %gs:sysfault_sud_selector@tpoff
	movq	(%rsp), %rcx
	addq	$NEXT_SYSCALL, %rcx
	ret
	.size	sysfault_exec_entry, .-sysfault_exec_entry

	.section .note.GNU-stack,"",@progbits
