/*
 * new_sites: the cost of the first raw getppid from each of 256 syscall instructions never used
 * before, then of the same 256 again.
 *
 * Under libsysfault.so each of them is caught by Syscall User Dispatch (SIGSYS); a site that was
 * rewritten to the fast path after its first call would make "again" much cheaper than "first".
 * One process measures one first pass, so bench/run starts it once per round.
 *
 * Output (one line, for bench/run): first <ns/call> again <ns/call>
 */
#include <stdio.h>
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

int
main(void)
{
	double t0 = now_ns();
	all_sites();
	double t1 = now_ns();
	all_sites();
	double t2 = now_ns();
	printf("first %.1f again %.1f\n", (t1 - t0) / SITES, (t2 - t1) / SITES);
	return 0;
}
