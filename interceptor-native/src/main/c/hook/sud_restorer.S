/* The return from every signal handler while Syscall User Dispatch is on: rt_sigreturn from inside our code. */
	.text

/*
 * void sysfault_sud_restorer(void)
 * The kernel's return address for a handler (sa_restorer).  glibc's own restorer makes the same
 * call from glibc's code, where SUD would stop it with SIGSYS; from here it always goes through.
 */
	.globl	sysfault_sud_restorer
	.hidden	sysfault_sud_restorer
	.type	sysfault_sud_restorer, @function
sysfault_sud_restorer:
	movq	$15, %rax	/* SYS_rt_sigreturn */
	syscall
	hlt
	.size	sysfault_sud_restorer, .-sysfault_sud_restorer

	.section .note.GNU-stack,"",@progbits
