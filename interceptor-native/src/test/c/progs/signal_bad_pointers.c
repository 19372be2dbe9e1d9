/* Signal calls given an unmapped pointer, through glibc's syscall() and from a syscall instruction of this program: each prints its result. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

/*
 * Every line is "CALL = RESULT", RESULT the kernel's return (-14 is EFAULT), the same with and
 * without libsysfault.so: under Syscall User Dispatch sysfault reads and writes these arguments
 * itself (hook/sud_signals.c), and must answer a bad one as the kernel does, not crash.  Last,
 * whether SIGUSR1 and SIGSYS are blocked and whether SIGSYS has a handler: unchanged by all this.
 */
#define SIGSET_SIZE 8

static long
raw4(long nr, long a, long b, long c, long d)
{
	long ret;
	register long r10 __asm__("r10") = d;
	__asm__ volatile("syscall" : "=a"(ret) : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10) : "rcx", "r11", "memory");
	return ret;
}

/* glibc's syscall() returns -1 and sets errno: as the kernel's return, so that both print alike. */
static long
via_glibc(long nr, long a, long b, long c, long d)
{
	long r = syscall(nr, a, b, c, d);
	return r == -1 ? -(long)errno : r;
}

int
main(void)
{
	/* A page that was mapped and is no more: nothing else will be mapped there meanwhile. */
	char *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED || munmap(page, 4096) != 0)
		return 2;
	long bad = (long)page;
	printf("glibc rt_sigaction(SIGSYS, bad, NULL) = %ld\n", via_glibc(SYS_rt_sigaction, SIGSYS, bad, 0, SIGSET_SIZE));
	printf("glibc rt_sigaction(SIGSYS, NULL, bad) = %ld\n", via_glibc(SYS_rt_sigaction, SIGSYS, 0, bad, SIGSET_SIZE));
	printf("glibc rt_sigaction(SIGUSR1, bad, NULL) = %ld\n", via_glibc(SYS_rt_sigaction, SIGUSR1, bad, 0, SIGSET_SIZE));
	printf("glibc rt_sigprocmask(SIG_BLOCK, bad, NULL) = %ld\n",
	       via_glibc(SYS_rt_sigprocmask, SIG_BLOCK, bad, 0, SIGSET_SIZE));
	printf("raw rt_sigaction(SIGSYS, bad, NULL) = %ld\n", raw4(SYS_rt_sigaction, SIGSYS, bad, 0, SIGSET_SIZE));
	printf("raw rt_sigaction(SIGSYS, NULL, bad) = %ld\n", raw4(SYS_rt_sigaction, SIGSYS, 0, bad, SIGSET_SIZE));
	printf("raw rt_sigprocmask(SIG_BLOCK, bad, NULL) = %ld\n", raw4(SYS_rt_sigprocmask, SIG_BLOCK, bad, 0, SIGSET_SIZE));
	printf("raw rt_sigprocmask(SIG_BLOCK, NULL, bad) = %ld\n", raw4(SYS_rt_sigprocmask, SIG_BLOCK, 0, bad, SIGSET_SIZE));
	unsigned long usr1 = 1UL << (SIGUSR1 - 1);
	printf("raw rt_sigprocmask(SIG_BLOCK, SIGUSR1, bad) = %ld\n",
	       raw4(SYS_rt_sigprocmask, SIG_BLOCK, (long)&usr1, bad, SIGSET_SIZE));
	printf("raw sigaltstack(bad, NULL) = %ld\n", raw4(SYS_sigaltstack, bad, 0, 0, 0));

	sigset_t now;
	struct sigaction sys;
	sigprocmask(SIG_BLOCK, NULL, &now);
	sigaction(SIGSYS, NULL, &sys);
	printf("SIGUSR1 blocked %d, SIGSYS blocked %d, SIGSYS handled %d\n", sigismember(&now, SIGUSR1),
	       sigismember(&now, SIGSYS), sys.sa_handler != SIG_DFL);
	return 0;
}
