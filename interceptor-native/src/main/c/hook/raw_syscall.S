/* Raw system calls that no hook sees: the one way the library itself talks to the kernel. */
	.text

/*
 * long sysfault_raw_syscall(long nr, long a0, long a1, long a2, long a3, long a4, long a5)
 * long syscall_no_intercept(long nr, ...)
 * Both use the C calling convention (variadic longs travel in the same
 * registers), so one body serves both names.  Returns the raw kernel result.
 */
	.globl	sysfault_raw_syscall
	.hidden	sysfault_raw_syscall
	.type	sysfault_raw_syscall, @function
	.globl	syscall_no_intercept
	.type	syscall_no_intercept, @function
sysfault_raw_syscall:
syscall_no_intercept:
	.cfi_startproc
	movq	%rdi, %rax
	movq	%rsi, %rdi
	movq	%rdx, %rsi
	movq	%rcx, %rdx
	movq	%r8, %r10
	movq	%r9, %r8
	movq	8(%rsp), %r9
	syscall
	ret
	.cfi_endproc
	.size	sysfault_raw_syscall, .-sysfault_raw_syscall
	.size	syscall_no_intercept, .-syscall_no_intercept

	.section .note.GNU-stack,"",@progbits
