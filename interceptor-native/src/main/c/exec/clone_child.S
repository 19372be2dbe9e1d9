/* The clone of a new thread, made from sysfault-exec's code, and the thread's first steps before the program's code. */
#include <sys/syscall.h>
#include "thread_block.h"

#define ARCH_SET_GS 0x1001

	.text

/*
 * long sysfault_exec_clone(long nr, long a0, long a1, long a2, long a3, long a4, struct thread_block *child)
 * clone or clone3 with a new stack, from here rather than from the program's site: the kernel does
 * not pass Syscall User Dispatch on to the child, so the child must arm it before the program's
 * code runs, and the program's site could not.  The parent returns the result.  The child starts
 * below, on the stack its creator gave it, with the creator's registers (but %rax, %rcx, %r11):
 * it takes its block as %gs, lets sysfault_exec_thread_started arm it and tell the dispatcher,
 * then goes on where the program's syscall would have returned, with the creator's registers as
 * that syscall would have left them (and %rax 0).  Its vector registers are in their initial state
 * (the kernel clears them for a signal handler, and the clone is made from ours).
 */
	.globl	sysfault_exec_clone
	.hidden	sysfault_exec_clone
	.type	sysfault_exec_clone, @function
sysfault_exec_clone:
	pushq	%r12
	movq	16(%rsp), %r12		/* child: the seventh argument, above the return address and %r12 */
	movq	%rdi, %rax
	movq	%rsi, %rdi
	movq	%rdx, %rsi
	movq	%rcx, %rdx
	movq	%r8, %r10
	movq	%r9, %r8
	syscall
	testq	%rax, %rax
	jz	1f
	popq	%r12
	ret
1:
	movq	%rsp, BLOCK_CHILD_RSP(%r12)
	movl	$SYS_arch_prctl, %eax
	movl	$ARCH_SET_GS, %edi
	movq	%r12, %rsi
	syscall
	andq	$-16, %rsp
	call	sysfault_exec_thread_started
	movq	%gs:BLOCK_REGS+0*8, %r8
	movq	%gs:BLOCK_REGS+1*8, %r9
	movq	%gs:BLOCK_REGS+2*8, %r10
	movq	%gs:BLOCK_REGS+4*8, %r12
	movq	%gs:BLOCK_REGS+5*8, %r13
	movq	%gs:BLOCK_REGS+6*8, %r14
	movq	%gs:BLOCK_REGS+7*8, %r15
	movq	%gs:BLOCK_REGS+8*8, %rdi
	movq	%gs:BLOCK_REGS+9*8, %rsi
	movq	%gs:BLOCK_REGS+10*8, %rbp
	movq	%gs:BLOCK_REGS+11*8, %rbx
	movq	%gs:BLOCK_REGS+12*8, %rdx
	movq	%gs:BLOCK_REGS+BLOCK_REG_EFL*8, %r11	/* as the syscall instruction leaves them */
	movq	%gs:BLOCK_REGS+BLOCK_REG_RIP*8, %rcx
	movq	%gs:BLOCK_CHILD_RSP, %rsp
	xorl	%eax, %eax
	jmp	*%gs:BLOCK_REGS+BLOCK_REG_RIP*8
	.size	sysfault_exec_clone, .-sysfault_exec_clone

/*
 * void sysfault_exec_start(unsigned long entry, void *stack)
 * The program's first instruction, on the stack built for it, with the registers as the kernel
 * leaves them after execve (%rdx 0: no function for atexit).
 */
	.globl	sysfault_exec_start
	.hidden	sysfault_exec_start
	.type	sysfault_exec_start, @function
sysfault_exec_start:
	movq	%rsi, %rsp
	movq	%rdi, %r11
	xorl	%eax, %eax
	xorl	%ebx, %ebx
	xorl	%ecx, %ecx
	xorl	%edx, %edx
	xorl	%esi, %esi
	xorl	%edi, %edi
	xorl	%ebp, %ebp
	xorl	%r8d, %r8d
	xorl	%r9d, %r9d
	xorl	%r10d, %r10d
	xorl	%r12d, %r12d
	xorl	%r13d, %r13d
	xorl	%r14d, %r14d
	xorl	%r15d, %r15d
	jmp	*%r11
	.size	sysfault_exec_start, .-sysfault_exec_start

	.section .note.GNU-stack,"",@progbits
