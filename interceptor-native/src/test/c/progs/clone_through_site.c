/* A thread made by a raw clone from a syscall site that an earlier call already had rewritten to the fast path. */
#include <sched.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

/*
 * clone_through_site
 *   One syscall instruction for calls of any number, in a small function with padding after it (as a
 *   runtime's generic wrapper, Go's Syscall6): a getppid from it first (under sysfault-exec: caught, and
 *   the site rewritten), then a clone onto a new stack from the same instruction, whose child makes a
 *   getppid from it too and exits; then the parent's getppid again.  Prints
 *   "parent: R, child: R, parent again: R; site: jump|syscall" (R: "ok" or "errno E") and, on a line of
 *   its own, "child tid: T" (what clone returned).
 */
long raw_call(long nr, long a0, void *stack, void (*child)(void));
extern const unsigned char raw_call_site[];

/* %r8 holds the child's function (clone's tls argument, unused without CLONE_SETTLS), %r9 the number. */
__asm__(
	"	.text\n"
	"	.p2align 5\n"
	"	.globl raw_call\n"
	"	.type raw_call, @function\n"
	"raw_call:\n"
	"	.cfi_startproc\n"
	"	movq %rdi, %rax\n"
	"	movq %rsi, %rdi\n"
	"	movq %rdx, %rsi\n"
	"	movq %rcx, %r8\n"
	"	movq %rax, %r9\n"
	"	xorl %edx, %edx\n"
	"	xorl %r10d, %r10d\n"
	"raw_call_site:\n"                 /* 20 bytes into a 32-byte block: no fetch boundary inside */
	"	syscall\n"
	"	cmpq $56, %r9\n"                /* SYS_clone */
	"	jne 1f\n"
	"	testq %rax, %rax\n"
	"	jnz 1f\n"
	"	call *%r8\n"                    /* the child, on its new stack: never returns */
	"	hlt\n"
	"1:	ret\n"
	"	.cfi_endproc\n"
	"	.size raw_call, .-raw_call\n"
	"	.fill 24, 1, 0xcc\n");

static long child_result;
static int child_done;
static char child_stack[64 * 1024] __attribute__((aligned(16)));

static void
child_main(void)
{
	child_result = raw_call(SYS_getppid, 0, NULL, NULL);
	__atomic_store_n(&child_done, 1, __ATOMIC_RELEASE);
	raw_call(SYS_exit, 0, NULL, NULL);
}

static const char *
said(long r, long ppid, char *buf, size_t size)
{
	if (r < 0 && r > -4096)
		snprintf(buf, size, "errno %ld", -r);
	else
		snprintf(buf, size, "%s", r == ppid ? "ok" : "wrong ppid");
	return buf;
}

int
main(void)
{
	long ppid = getppid();   /* glibc's own site: -1 under a getppid rule, then no call is "ok" */
	long parent = raw_call(SYS_getppid, 0, NULL, NULL);
	long flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM;
	long tid = raw_call(SYS_clone, flags, child_stack + sizeof(child_stack), child_main);
	if (tid < 0) {
		fprintf(stderr, "clone_through_site: clone failed with errno %ld\n", -tid);
		return 1;
	}
	while (!__atomic_load_n(&child_done, __ATOMIC_ACQUIRE))
		sched_yield();
	long again = raw_call(SYS_getppid, 0, NULL, NULL);
	char a[32], b[32], c[32];
	printf("parent: %s, child: %s, parent again: %s; site: %s\nchild tid: %ld\n", said(parent, ppid, a, sizeof(a)),
	       said(child_result, ppid, b, sizeof(b)), said(again, ppid, c, sizeof(c)),
	       raw_call_site[0] == 0xeb ? "jump" : raw_call_site[0] == 0x0f ? "syscall" : "other", tid);
	return 0;
}
