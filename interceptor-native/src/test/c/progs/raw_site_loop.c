/* Raw getppid loops from one syscall instruction of the program's own, for the rewrite of caught sites. */
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "raw_getppid_sites.h"

/*
 * raw_site_loop MODE N [THREADS]
 *   near     N calls of raw_getppid_near_padding (its site has padding in reach)
 *   far      N calls of raw_getppid_far_from_padding (no padding in reach)
 *   threads  THREADS threads, released together, each N calls of the near one
 *   fork     N near calls, then a fork child makes N, then the parent N more
 *   seccomp  a seccomp filter of its own that kills the process on membarrier (a sandbox made for
 *            its own calls), then N near calls
 * Prints, per loop: "WHO: C calls, K ok, F failed with errno E; site: jump|syscall" (K: returned
 * the real ppid; the site: what the syscall instruction's first byte is now, eb or 0f).
 */

struct loop {
	long (*call)(void);
	const unsigned char *site;
	long n, ok, failed, errno_seen;
	pthread_barrier_t *start;
};

static void
run(struct loop *l)
{
	long ppid = getppid();   /* -1 under the rule: then no call counts as ok */
	for (long i = 0; i < l->n; i++) {
		long r = l->call();
		if (r < 0 && r > -4096) {
			l->failed++;
			l->errno_seen = -r;
		} else if (r == ppid) {
			l->ok++;
		}
	}
}

static void
report(const char *who, long calls, long ok, long failed, long errno_seen, const unsigned char *site)
{
	printf("%s: %ld calls, %ld ok, %ld failed with errno %ld; site: %s\n", who, calls, ok, failed, errno_seen,
	       site[0] == 0xeb ? "jump" : site[0] == 0x0f ? "syscall" : "other");
	fflush(stdout);
}

/* A sandbox for this program's own calls: it never calls membarrier, so the filter kills for it. */
static int
kill_on_membarrier(void)
{
	struct sock_filter code[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_membarrier, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { sizeof(code) / sizeof(code[0]), code };
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
		return -1;
	return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog);
}

static void *
thread_main(void *arg)
{
	struct loop *l = arg;
	pthread_barrier_wait(l->start);
	run(l);
	return NULL;
}

static int
threads(long n, int count)
{
	pthread_t t[64];
	struct loop loops[64];
	pthread_barrier_t start;
	if (count < 1 || count > 64)
		return 2;
	pthread_barrier_init(&start, NULL, (unsigned)count);
	for (int i = 0; i < count; i++) {
		loops[i] = (struct loop){ raw_getppid_near_padding, raw_getppid_near_padding_site, n, 0, 0, 0, &start };
		if (pthread_create(&t[i], NULL, thread_main, &loops[i]) != 0)
			return 1;
	}
	long ok = 0, failed = 0, errno_seen = 0;
	for (int i = 0; i < count; i++) {
		pthread_join(t[i], NULL);
		ok += loops[i].ok;
		failed += loops[i].failed;
		if (loops[i].errno_seen)
			errno_seen = loops[i].errno_seen;
	}
	report("threads", n * count, ok, failed, errno_seen, raw_getppid_near_padding_site);
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc < 3)
		return 2;
	long n = atol(argv[2]);
	struct loop near = { raw_getppid_near_padding, raw_getppid_near_padding_site, n, 0, 0, 0, NULL };
	if (strcmp(argv[1], "threads") == 0)
		return threads(n, argc > 3 ? atoi(argv[3]) : 8);
	if (strcmp(argv[1], "far") == 0) {
		struct loop far = { raw_getppid_far_from_padding, raw_getppid_far_from_padding_site, n, 0, 0, 0, NULL };
		run(&far);
		report("far", n, far.ok, far.failed, far.errno_seen, far.site);
		return 0;
	}
	if (strcmp(argv[1], "seccomp") == 0 && kill_on_membarrier() != 0)
		return 1;
	run(&near);
	report(strcmp(argv[1], "fork") == 0 ? "before fork" : "near", n, near.ok, near.failed, near.errno_seen, near.site);
	if (strcmp(argv[1], "fork") != 0)
		return 0;
	pid_t child = fork();
	if (child < 0)
		return 1;
	struct loop again = { raw_getppid_near_padding, raw_getppid_near_padding_site, n, 0, 0, 0, NULL };
	run(&again);
	if (child == 0) {
		report("child", n, again.ok, again.failed, again.errno_seen, again.site);
		_exit(0);
	}
	int status;
	waitpid(child, &status, 0);
	report("parent", n, again.ok, again.failed, again.errno_seen, again.site);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
