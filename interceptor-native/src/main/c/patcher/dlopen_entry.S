/* dlopen and dlmopen as the program calls them: to the real one directly when the loader must see who called, else through sysfault's.
 *
 * glibc's dlopen reads its caller from its return address: a file name without '/' is searched
 * along the caller's RUNPATH, '$ORIGIN' is the caller's folder, and the namespace is the caller's.
 * A C wrapper would make libsysfault.so the caller.  So these entries ask
 * sysfault_dlopen_route (dlopen_watch.c) which function takes the call, and jump to it with the
 * caller's return address still on the stack: the real function itself when the name depends on
 * the caller, or sysfault's wrapper, which calls the real one and then plans the new objects.
 */
	.text

	.globl dlopen
	.type dlopen, @function
dlopen:                           /* (file, mode) */
	.cfi_startproc
	push %rdi
	.cfi_adjust_cfa_offset 8
	push %rsi
	.cfi_adjust_cfa_offset 8
	sub $8, %rsp                  /* the call below needs %rsp 16-byte aligned */
	.cfi_adjust_cfa_offset 8
	xor %esi, %esi                /* which: 0, dlopen */
	call sysfault_dlopen_route    /* (file, which) -> the function to run */
	add $8, %rsp
	.cfi_adjust_cfa_offset -8
	pop %rsi
	.cfi_adjust_cfa_offset -8
	pop %rdi
	.cfi_adjust_cfa_offset -8
	jmp *%rax
	.cfi_endproc
	.size dlopen, .-dlopen

	.globl dlmopen
	.type dlmopen, @function
dlmopen:                          /* (namespace, file, mode) */
	.cfi_startproc
	push %rdi
	.cfi_adjust_cfa_offset 8
	push %rsi
	.cfi_adjust_cfa_offset 8
	push %rdx
	.cfi_adjust_cfa_offset 8
	mov %rsi, %rdi
	mov $1, %esi                  /* which: 1, dlmopen */
	call sysfault_dlopen_route
	pop %rdx
	.cfi_adjust_cfa_offset -8
	pop %rsi
	.cfi_adjust_cfa_offset -8
	pop %rdi
	.cfi_adjust_cfa_offset -8
	jmp *%rax
	.cfi_endproc
	.size dlmopen, .-dlmopen

	.section .note.GNU-stack,"",@progbits
