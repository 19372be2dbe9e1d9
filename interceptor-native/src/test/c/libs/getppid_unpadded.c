/* Test library (libgetppid_unpadded.so) for dlopen: libgetppid_padded.so's bytes, but its "padding" inside the function, so its site is never rewritten. */

/*
 * Loaded where libgetppid_padded.so was, its syscall instruction and the bytes after it sit
 * where the padded library's site and padding were: a plan of the padded library that outlived
 * its dlclose would rewrite this site into a jump into the middle of this function.
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
	"	.fill 24, 1, 0xcc\n"               /* the same bytes as the padded library's padding, inside this function */
	"	.fill 160, 1, 0x90\n"
	"	ret\n"
	"	.cfi_endproc\n"
	"	.size lib_getppid, .-lib_getppid\n");
