/* The argument registers into and out of struct syscall_frame (frame.h), for the assembly that builds one: hook/entry.S, exec/trampoline_entry.S. */
#ifndef SYSFAULT_FRAME_ARGS_H
#define SYSFAULT_FRAME_ARGS_H

#ifdef __ASSEMBLER__
/* The six argument registers, into and out of the frame's args[] (8 to 48 bytes above %rsp). */
	.macro	save_syscall_args
	movq	%rdi, 8(%rsp)
	movq	%rsi, 16(%rsp)
	movq	%rdx, 24(%rsp)
	movq	%r10, 32(%rsp)
	movq	%r8, 40(%rsp)
	movq	%r9, 48(%rsp)
	.endm

	.macro	restore_syscall_args
	movq	8(%rsp), %rdi
	movq	16(%rsp), %rsi
	movq	24(%rsp), %rdx
	movq	32(%rsp), %r10
	movq	40(%rsp), %r8
	movq	48(%rsp), %r9
	.endm
#endif

#endif
