/* Two raw getppid wrappers in assembly: one with padding between functions in a short jump's reach, one without. */
#ifndef RAW_GETPPID_SITES_H
#define RAW_GETPPID_SITES_H

/*
 * What a runtime's or a library's raw syscall wrapper looks like (Go's, musl's): a small function
 * with padding after it.  Under libsysfault.so with Syscall User Dispatch, the first call from
 * raw_getppid_near_padding's syscall instruction rewrites it into a 2-byte jump to that padding
 * (hook/sud_rewrite.c); raw_getppid_far_from_padding's has no padding within 127 bytes, so each of
 * its calls is caught again.  The labels name the syscall instructions, so that a program can read
 * what is there now.
 */
long raw_getppid_near_padding(void);
long raw_getppid_far_from_padding(void);
extern const unsigned char raw_getppid_near_padding_site[], raw_getppid_far_from_padding_site[];

__asm__(
	"	.text\n"
	"	.p2align 5\n"
	"	.globl raw_getppid_near_padding\n"
	"	.type raw_getppid_near_padding, @function\n"
	"raw_getppid_near_padding:\n"
	"	.cfi_startproc\n"
	"	movl $110, %eax\n"                 /* SYS_getppid */
	"raw_getppid_near_padding_site:\n"     /* 5 bytes into a 32-byte block: no fetch boundary inside */
	"	syscall\n"
	"	ret\n"
	"	.cfi_endproc\n"
	"	.size raw_getppid_near_padding, .-raw_getppid_near_padding\n"
	"	.fill 24, 1, 0xcc\n"               /* padding: int3, outside every function */
	"	.p2align 5\n"
	"	.globl raw_getppid_far_from_padding\n"
	"	.type raw_getppid_far_from_padding, @function\n"
	"raw_getppid_far_from_padding:\n"
	"	.cfi_startproc\n"
	"	.fill 160, 1, 0x90\n"
	"	movl $110, %eax\n"
	"	.p2align 4, 0x90\n"
	"raw_getppid_far_from_padding_site:\n"
	"	syscall\n"
	"	.fill 160, 1, 0x90\n"
	"	ret\n"
	"	.cfi_endproc\n"
	"	.size raw_getppid_far_from_padding, .-raw_getppid_far_from_padding\n");

#endif
