/*
 * getppid_loop [REPS [MS_PER_REP [THREADS [FILE]]]]
 *
 * Calls getppid() through glibc in a tight loop and prints the cost per call;
 * with FILE, pwrite(fd, 32 bytes, offset 0) on that file (created, truncated)
 * instead: a call on a descriptor with a buffer, what a trace records most.
 * Built with -DRAW_LOOP (raw_getppid_loop), the loop makes the call from a
 * syscall instruction of its own instead, which no glibc site patch covers:
 * under libsysfault.so, Syscall User Dispatch's SIGSYS path, once, then the
 * trampoline its site is rewritten to (a small wrapper with padding after it,
 * as a runtime's: raw_getppid_sites.h; SYSFAULT_SUD_REWRITE=0 keeps the signal).
 * Built with -DDLOPEN_LOOP (dlopen_getppid_loop), the syscall instruction is
 * libgetppid_padded.so's, beside the program, which main() dlopens first: an
 * object loaded after start-up, planned by libsysfault.so's dlopen.
 * With THREADS > 1, that many threads run the same timed loop at the same time
 * (each pinned nowhere: give them the CPUs) and the slowest thread's figures
 * are printed: what one call costs when every thread makes them at once.
 * Time is read with clock_gettime(CLOCK_MONOTONIC), which glibc serves from the
 * vDSO, so the clock itself is never intercepted.
 *
 * A warm-up of at least 100 ms (caches, branch predictors, lazy binding, CPU
 * clock ramp-up) also calibrates the loop length so that each of the REPS
 * timed repetitions lasts about MS_PER_REP milliseconds.
 *
 * Output (one line each, for bench/run to parse):
 *   ppid glibc=<what getppid() returned> raw=<what the same call from a
 *        syscall instruction of this program returned>
 *   calls <loop length>
 *   ns <ns/call of repetition 1> <ns/call of repetition 2> ...
 *   best <the smallest of them>
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#ifdef RAW_LOOP
#include "raw_getppid_sites.h"
#endif
#ifdef DLOPEN_LOOP
#include <dlfcn.h>
#include <limits.h>
#include <string.h>

static long (*library_getppid)(void);

/* libgetppid_padded.so from beside this program, by its path (as a JVM's System.load). */
static int
load_library(const char *argv0)
{
	char path[PATH_MAX];
	if (realpath(argv0, path) == NULL || strlen(path) + sizeof("libgetppid_padded.so") >= sizeof(path))
		return -1;
	strcpy(strrchr(path, '/') + 1, "libgetppid_padded.so");
	void *lib = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	library_getppid = lib == NULL ? NULL : (long (*)(void))dlsym(lib, "lib_getppid");
	if (library_getppid == NULL) {
		fprintf(stderr, "%s: %s\n", path, dlerror());
		return -1;
	}
	return 0;
}
#endif

static double
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* getppid() from this program's own code, not through glibc's patched code (SUD still sees it). */
static long
raw_getppid(void)
{
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"((long)SYS_getppid)
			 : "rcx", "r11", "memory");
	return ret;
}

static volatile long sink;

static __attribute__((noinline)) long
loop(long n)
{
	long acc = 0;

	for (long i = 0; i < n; i++)
#if defined(RAW_LOOP)
		acc += raw_getppid_near_padding();
#elif defined(DLOPEN_LOOP)
		acc += library_getppid();
#else
		acc += getppid();
#endif
	sink = acc;
	return acc;
}

static int write_fd = -1;
static const char write_buf[32] = "0123456789abcdef0123456789abcdef";

static __attribute__((noinline)) long
write_loop(long n)
{
	long acc = 0;

	for (long i = 0; i < n; i++)
		acc += pwrite(write_fd, write_buf, sizeof(write_buf), 0);
	sink = acc;
	return acc;
}

static long (*timed_loop)(long) = loop;

static int
positive_arg(const char *s, long *out)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v <= 0)
		return 0;
	*out = v;
	return 1;
}

struct timing {
	long reps, n;
	double *res;
	pthread_barrier_t *start;
};

static void *
timed_loops(void *arg)
{
	struct timing *t = arg;
	pthread_barrier_wait(t->start);
	for (long r = 0; r < t->reps; r++) {
		double a = now_ns();
		timed_loop(t->n);
		double b = now_ns();
		t->res[r] = (b - a) / (double)t->n;
	}
	return NULL;
}

int
main(int argc, char **argv)
{
	long reps = 7, ms = 20, threads = 1;

	if (argc > 5 || (argc > 1 && !positive_arg(argv[1], &reps)) ||
	    (argc > 2 && !positive_arg(argv[2], &ms)) || (argc > 3 && !positive_arg(argv[3], &threads)) ||
	    threads > 64) {
		fprintf(stderr, "usage: %s [REPS [MS_PER_REP [THREADS (1..64) [FILE]]]]\n", argv[0]);
		return 2;
	}
	if (argc > 4) {
		write_fd = open(argv[4], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
		if (write_fd < 0 || pwrite(write_fd, write_buf, sizeof(write_buf), 0) != sizeof(write_buf)) {
			perror(argv[4]);
			return 2;
		}
		timed_loop = write_loop;
	}

#ifdef DLOPEN_LOOP
	if (load_library(argv[0]) != 0)
		return 2;
#endif
	long answered = getppid();
	long real = raw_getppid();

	/* Warm-up and calibration. */
	long chunk = 1000, done = 0;
	double t0 = now_ns(), t = t0;
	while (t - t0 < 100e6) {
		timed_loop(chunk);
		done += chunk;
		t = now_ns();
		if (chunk < 1000000)
			chunk *= 2;
	}
	double per_call = (t - t0) / (double)done;
	long n = (long)((double)ms * 1e6 / per_call);
	if (n < 1000)
		n = 1000;

	pthread_barrier_t start;
	pthread_barrier_init(&start, NULL, (unsigned)threads);
	struct timing timings[64];
	pthread_t ids[64];
	for (long i = 0; i < threads; i++) {
		timings[i] = (struct timing){ reps, n, calloc((size_t)reps, sizeof(double)), &start };
		if (timings[i].res == NULL)
			return 2;
		if (i > 0 && pthread_create(&ids[i], NULL, timed_loops, &timings[i]) != 0)
			return 2;
	}
	timed_loops(&timings[0]);
	for (long i = 1; i < threads; i++)
		pthread_join(ids[i], NULL);

	/* per repetition, the slowest thread */
	double *res = timings[0].res;
	for (long i = 1; i < threads; i++)
		for (long r = 0; r < reps; r++)
			if (timings[i].res[r] > res[r])
				res[r] = timings[i].res[r];

	printf("ppid glibc=%ld raw=%ld\ncalls %ld\nns", answered, real, n);
	for (long r = 0; r < reps; r++)
		printf(" %.3f", res[r]);
	double best = res[0];
	for (long r = 1; r < reps; r++)
		if (res[r] < best)
			best = res[r];
	printf("\nbest %.3f\n", best);
	return 0;
}
