/* print_ok for i386: writes "ok" and exits 0; a program that neither LD_PRELOAD nor sysfault-exec (x86-64 only) covers. */
	.globl	_start
	.text
_start:
	movl	$4, %eax		/* write(1, message, 3) through the 32-bit entry */
	movl	$1, %ebx
	movl	$message, %ecx
	movl	$3, %edx
	int	$0x80
	movl	$1, %eax		/* exit(0) */
	xorl	%ebx, %ebx
	int	$0x80

	.data
message:
	.ascii	"ok\n"

	.section .note.GNU-stack,"",@progbits
