/* The assembly between a trampoline and the C dispatcher (which a quiet call skips): saves exactly what a syscall preserves. */
#include "contracts/trampoline_layout.h"
#include "frame_args.h"
#include "quiet_calls.h"
	.text

/*
 * sysfault_entry: called from a trampoline with %rax = syscall number,
 * %rdi %rsi %rdx %r10 %r8 %r9 = its arguments and %r11 = the site address.
 * Returns with the arguments restored (the dispatcher may have changed them),
 * %rax = number or result, and %rcx = the trampoline address to continue at.
 * %rcx and %r11 are free: the syscall instruction clobbers them anyway.
 *
 * A quiet call (quiet_calls.h: the conditions, in the order tested here) skips
 * the dispatcher: it runs in the trampoline (NEXT_SYSCALL) as the dispatcher
 * would send it there, or, with SUD on, right here in our code, which SUD lets
 * through, and comes back as answered (NEXT_DONE) with the selector at BLOCK
 * and the SIGSYS handler's context taken, as sysfault_sud_run_call would.
 * Any other answer goes to .Lfull with every register as it came.  %r11 is
 * saved while the test uses it.
 */
	.globl	sysfault_entry
	.hidden	sysfault_entry
	.type	sysfault_entry, @function
sysfault_entry:
	cmpq	$QUIET_CALLS_COUNT, %rax
	jae	.Lfull
	pushq	%r11
	leaq	sysfault_quiet_calls(%rip), %rcx
	movzbl	(%rcx,%rax), %ecx
	cmpl	$QUIET_ALWAYS, %ecx
	je	.Lrules
	cmpl	$QUIET_UNLESS_FD_PATHS, %ecx
	jne	.Lfull_r11
	cmpl	$0, sysfault_fd_paths_tracked(%rip)
	jne	.Lfull_r11
.Lrules:
	movq	sysfault_control_generation(%rip), %rcx
	movq	(%rcx), %rcx
	cmpq	sysfault_rules_generation(%rip), %rcx
	jne	.Lfull_r11
	movq	sysfault_rules_in_force(%rip), %rcx
	testq	%rcx, %rcx
	jz	.Lhook
	movq	QUIET_RULES_START(%rcx), %rcx
	movl	(%rcx,%rax,4), %r11d
	cmpl	4(%rcx,%rax,4), %r11d
	jne	.Lfull_r11
.Lhook:
	movq	intercept_hook_point@GOTPCREL(%rip), %rcx
	cmpq	$0, (%rcx)
	jne	.Lfull_r11
	movq	sysfault_trace(%rip), %rcx
	testq	%rcx, %rcx
	jz	.Lquiet
	cmpl	$0, QUIET_TRACE_PAUSED(%rcx)
	jne	.Lquiet
	movzwl	sysfault_trace+QUIET_TRACE_FLAGS(%rip), %r11d
	testl	$QUIET_TRACE_MATCHED_ONLY, %r11d
	jnz	.Lquiet
	testl	$QUIET_TRACE_SET, %r11d
	jz	.Lfull_r11
	movl	%eax, %r11d
	shrl	$6, %r11d
	movq	QUIET_TRACE_RECORD_SET(%rcx,%r11,8), %r11
	btq	%rax, %r11
	jc	.Lfull_r11
.Lquiet:
	cmpl	$0, sysfault_sud_on(%rip)
	jne	.Lquiet_sud
	popq	%r11
	movq	(%rsp), %rcx
	addq	$NEXT_SYSCALL, %rcx
	ret
.Lquiet_sud:
	movq	sysfault_sud_thread_armed@GOTTPOFF(%rip), %rcx
	cmpb	$0, %fs:(%rcx)
	jne	.Lquiet_armed
	/* Not armed: quiet only if nothing would arm it now (sysfault_sud_wanted; no hook, tested above). */
	cmpl	$0, sysfault_sud_forced(%rip)
	jne	.Lfull_r11
	cmpq	$0, sysfault_rules_in_force(%rip)
	jne	.Lfull_r11
	cmpq	$0, sysfault_trace(%rip)
	jne	.Lfull_r11
.Lquiet_armed:
	movq	sysfault_sud_selector@GOTTPOFF(%rip), %rcx
	movb	$QUIET_SUD_SELECTOR_BLOCK, %fs:(%rcx)
	/* Taken, as by sysfault_sud_run_call: the SIGSYS frame is no quiet call's (sud_context.h). */
	movq	sysfault_sud_handler_context@GOTTPOFF(%rip), %rcx
	movq	$0, %fs:(%rcx)
	popq	%r11
	syscall
	movq	(%rsp), %rcx
	addq	$NEXT_DONE, %rcx
	ret
.Lfull_r11:
	popq	%r11
.Lfull:
	movq	%rsp, %rcx
	andq	$-16, %rsp
	subq	$80, %rsp
	movq	%rax, 0(%rsp)
	save_syscall_args
	movq	%r11, 56(%rsp)
	movq	%rcx, 64(%rsp)
	movq	%rsp, %rdi
	call	sysfault_dispatch_enter
	movq	64(%rsp), %r11
	movq	(%r11), %rcx
	addq	%rdx, %rcx
	restore_syscall_args
	movq	%r11, %rsp
	ret
	.size	sysfault_entry, .-sysfault_entry

/*
 * sysfault_exit: called after a syscall that ran in the trampoline and wants
 * a look at its result (clone family); %rax = result, %r11 = syscall number,
 * the argument registers still hold the arguments.  Returns %rax = result.
 */
	.globl	sysfault_exit
	.hidden	sysfault_exit
	.type	sysfault_exit, @function
sysfault_exit:
	movq	%rsp, %rcx
	andq	$-16, %rsp
	subq	$80, %rsp
	movq	%r11, 0(%rsp)
	save_syscall_args
	movq	$0, 56(%rsp)
	movq	%rcx, 64(%rsp)
	movq	%rax, 72(%rsp)
	movq	%rsp, %rdi
	call	sysfault_dispatch_exit
	restore_syscall_args
	movq	64(%rsp), %rsp
	ret
	.size	sysfault_exit, .-sysfault_exit

/*
 * long sysfault_call_preserving_vectors(void *fn, const long args[8])
 * Calls a user hook compiled without our restrictions: the code around a
 * syscall may keep values in any %xmm register across it, so they are saved.
 */
	.globl	sysfault_call_preserving_vectors
	.hidden	sysfault_call_preserving_vectors
	.type	sysfault_call_preserving_vectors, @function
sysfault_call_preserving_vectors:
	.cfi_startproc
	pushq	%rbp
	.cfi_def_cfa_offset 16
	.cfi_offset %rbp, -16
	movq	%rsp, %rbp
	.cfi_def_cfa_register %rbp
	subq	$256, %rsp
	andq	$-16, %rsp
	movaps	%xmm0, 0(%rsp)
	movaps	%xmm1, 16(%rsp)
	movaps	%xmm2, 32(%rsp)
	movaps	%xmm3, 48(%rsp)
	movaps	%xmm4, 64(%rsp)
	movaps	%xmm5, 80(%rsp)
	movaps	%xmm6, 96(%rsp)
	movaps	%xmm7, 112(%rsp)
	movaps	%xmm8, 128(%rsp)
	movaps	%xmm9, 144(%rsp)
	movaps	%xmm10, 160(%rsp)
	movaps	%xmm11, 176(%rsp)
	movaps	%xmm12, 192(%rsp)
	movaps	%xmm13, 208(%rsp)
	movaps	%xmm14, 224(%rsp)
	movaps	%xmm15, 240(%rsp)
	movq	%rdi, %r11
	pushq	56(%rsi)
	pushq	48(%rsi)
	movq	0(%rsi), %rdi
	movq	24(%rsi), %rcx
	movq	16(%rsi), %rdx
	movq	32(%rsi), %r8
	movq	40(%rsi), %r9
	movq	8(%rsi), %rsi
	call	*%r11
	addq	$16, %rsp
	movaps	0(%rsp), %xmm0
	movaps	16(%rsp), %xmm1
	movaps	32(%rsp), %xmm2
	movaps	48(%rsp), %xmm3
	movaps	64(%rsp), %xmm4
	movaps	80(%rsp), %xmm5
	movaps	96(%rsp), %xmm6
	movaps	112(%rsp), %xmm7
	movaps	128(%rsp), %xmm8
	movaps	144(%rsp), %xmm9
	movaps	160(%rsp), %xmm10
	movaps	176(%rsp), %xmm11
	movaps	192(%rsp), %xmm12
	movaps	208(%rsp), %xmm13
	movaps	224(%rsp), %xmm14
	movaps	240(%rsp), %xmm15
	movq	%rbp, %rsp
	.cfi_def_cfa_register %rsp
	popq	%rbp
	.cfi_def_cfa_offset 8
	ret
	.cfi_endproc
	.size	sysfault_call_preserving_vectors, .-sysfault_call_preserving_vectors

	.section .note.GNU-stack,"",@progbits
