/*
 * new_sites [padded]: the cost of the first raw getppid from each of 256 syscall instructions never
 * used before, then of the same 256 again.
 *
 * Under libsysfault.so each of them is caught by Syscall User Dispatch (SIGSYS).  All in one
 * function, few have padding in reach, so most are caught again; "padded" puts each in a small
 * function of its own with padding after it (as a runtime's wrappers), so each first call also
 * rewrites its site to the fast path and "again" runs through the trampolines.
 * One process measures one first pass, so bench/run starts it once per round.
 *
 * Output (one line, for bench/run): first <ns/call> again <ns/call>
 */
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>

#define SITES 256

static double
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* SITES syscall instructions one after the other: each a site of its own. */
static __attribute__((noinline)) void
all_sites(void)
{
	__asm__ volatile(".rept 256\n\tmovl %0, %%eax\n\tsyscall\n\t.endr"
			 :
			 : "i"(SYS_getppid)
			 : "rax", "rcx", "r11", "memory");
}

/* SITES functions, 32 bytes apart: mov, syscall, ret, then 24 bytes of padding. */
__asm__(".text\n"
	"	.p2align 5\n"
	"padded_sites:\n"
	"	.rept 256\n"
	"	.cfi_startproc\n"
	"	movl $110, %eax\n"
	"	syscall\n"
	"	ret\n"
	"	.cfi_endproc\n"
	"	.p2align 5, 0xcc\n"
	"	.endr\n");
extern const char padded_sites[];

static __attribute__((noinline)) void
all_padded_sites(void)
{
	for (int i = 0; i < SITES; i++)
		((long (*)(void))(padded_sites + 32 * i))();
}

int
main(int argc, char **argv)
{
	void (*sites)(void) = argc > 1 && strcmp(argv[1], "padded") == 0 ? all_padded_sites : all_sites;
	double t0 = now_ns();
	sites();
	double t1 = now_ns();
	sites();
	double t2 = now_ns();
	printf("first %.1f again %.1f\n", (t1 - t0) / SITES, (t2 - t1) / SITES);
	return 0;
}
