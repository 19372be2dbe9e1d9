/* Raw getppid calls made on a stack with only 512 bytes left above a guard page, as a goroutine's may be. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>
#include "raw_getppid_sites.h"

/*
 * small_stack_calls N
 *   One raw getppid from raw_getppid_near_padding on the thread's own stack (under sysfault-exec:
 *   caught, and its site rewritten), then N more from the same site, each made with %rsp 512 bytes
 *   above a PROT_NONE page.  A Go program makes its calls on a goroutine's stack, whose end may be as
 *   close; whatever runs on that stack during the call (the dispatcher, were it not given a stack of
 *   its own) and needs more crashes on the guard page.  Prints "small stack: N calls, K ok, F failed
 *   with errno E; site: jump|syscall".
 */
#define ROOM 512

/* Calls fn with %rsp at top, then returns on the caller's stack. */
long on_stack(long (*fn)(void), char *top);
__asm__(
	"	.text\n"
	"	.globl on_stack\n"
	"	.type on_stack, @function\n"
	"on_stack:\n"
	"	pushq %rbp\n"
	"	movq %rsp, %rbp\n"
	"	movq %rsi, %rsp\n"
	"	call *%rdi\n"
	"	movq %rbp, %rsp\n"
	"	popq %rbp\n"
	"	ret\n"
	"	.size on_stack, .-on_stack\n");

int
main(int argc, char **argv)
{
	if (argc != 2)
		return 2;
	long n = atol(argv[1]);
	long page = sysconf(_SC_PAGESIZE);
	char *area = mmap(NULL, 2 * (size_t)page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (area == MAP_FAILED || mprotect(area, (size_t)page, PROT_NONE) != 0)
		return 1;
	char *top = area + page + ROOM;   /* 16-aligned: page + 512 */
	long ppid = getppid();   /* -1 under a getppid rule: then no call counts as ok */
	long first = raw_getppid_near_padding();
	int first_failed = first < 0 && first > -4096;
	long ok = !first_failed && first == ppid, failed = first_failed, errno_seen = first_failed ? -first : 0;
	for (long i = 0; i < n; i++) {
		long r = on_stack(raw_getppid_near_padding, top);
		if (r < 0 && r > -4096) {
			failed++;
			errno_seen = -r;
		} else if (r == ppid) {
			ok++;
		}
	}
	printf("small stack: %ld calls, %ld ok, %ld failed with errno %ld; site: %s\n", n + 1, ok, failed, errno_seen,
	       raw_getppid_near_padding_site[0] == 0xeb ? "jump" : raw_getppid_near_padding_site[0] == 0x0f ? "syscall" : "other");
	return 0;
}
