/*
 * getppid_loop [REPS [MS_PER_REP]]
 *
 * Calls getppid() through glibc in a tight loop and prints the cost per call.
 * Time is read with clock_gettime(CLOCK_MONOTONIC), which glibc serves from the
 * vDSO, so the clock itself is never intercepted.
 *
 * A warm-up of at least 100 ms (caches, branch predictors, lazy binding, CPU
 * clock ramp-up) also calibrates the loop length so that each of the REPS
 * timed repetitions lasts about MS_PER_REP milliseconds.
 *
 * Output (one line each, for bench/run to parse):
 *   ppid glibc=<what getppid() returned> raw=<the real ppid, from a syscall
 *        instruction of this program, which no interceptor patches>
 *   calls <loop length>
 *   ns <ns/call of repetition 1> <ns/call of repetition 2> ...
 *   best <the smallest of them>
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static double
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* getppid() straight from the kernel, not through glibc's patched code. */
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
		acc += getppid();
	sink = acc;
	return acc;
}

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

int
main(int argc, char **argv)
{
	long reps = 7, ms = 20;

	if (argc > 3 || (argc > 1 && !positive_arg(argv[1], &reps)) ||
	    (argc > 2 && !positive_arg(argv[2], &ms))) {
		fprintf(stderr, "usage: %s [REPS [MS_PER_REP]]\n", argv[0]);
		return 2;
	}

	long answered = getppid();
	long real = raw_getppid();

	/* Warm-up and calibration. */
	long chunk = 1000, done = 0;
	double t0 = now_ns(), t = t0;
	while (t - t0 < 100e6) {
		loop(chunk);
		done += chunk;
		t = now_ns();
		if (chunk < 1000000)
			chunk *= 2;
	}
	double per_call = (t - t0) / (double)done;
	long n = (long)((double)ms * 1e6 / per_call);
	if (n < 1000)
		n = 1000;

	double *res = malloc((size_t)reps * sizeof *res);
	if (res == NULL)
		return 2;
	for (long r = 0; r < reps; r++) {
		double a = now_ns();
		loop(n);
		double b = now_ns();
		res[r] = (b - a) / (double)n;
	}

	printf("ppid glibc=%ld raw=%ld\ncalls %ld\nns", answered, real, n);
	for (long r = 0; r < reps; r++)
		printf(" %.3f", res[r]);
	double best = res[0];
	for (long r = 1; r < reps; r++)
		if (res[r] < best)
			best = res[r];
	printf("\nbest %.3f\n", best);
	free(res);
	return 0;
}
