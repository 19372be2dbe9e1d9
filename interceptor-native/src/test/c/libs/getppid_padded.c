/* Test library (libgetppid_padded.so) for dlopen: a raw getppid whose syscall instruction has padding in a short jump's reach, so SUD's first catch rewrites it. */

/*
 * The same bytes as libgetppid_unpadded.so up to the end of the padding, so that one loaded where
 * the other was has a syscall instruction at the same address and the same bytes at this one's
 * padding; only here those bytes lie between functions.  160 bytes of nops before the site keep
 * whatever precedes the function out of reach.
 */
__asm__(
	"	.text\n"
	"	.p2align 6\n"
	"	.globl lib_getppid\n"
	"	.type lib_getppid, @function\n"
	"lib_getppid:\n"
	"	.cfi_startproc\n"
	"	.fill 160, 1, 0x90\n"
	"	movl $110, %eax\n"                 /* SYS_getppid */
	"	.p2align 4, 0x90\n"
	"	.globl lib_getppid_site\n"
	"lib_getppid_site:\n"
	"	syscall\n"
	"	ret\n"
	"	.cfi_endproc\n"
	"	.size lib_getppid, .-lib_getppid\n"
	"	.fill 24, 1, 0xcc\n"               /* padding: outside every function */
	"	.fill 161, 1, 0x90\n");
