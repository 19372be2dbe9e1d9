/*
 * dlopen_cost LIB: the time of one dlopen(LIB, RTLD_NOW), in µs, as "us <time>".
 *
 * Under libsysfault.so, what that includes beyond the loader's own work: planning LIB's caught
 * syscall sites and writing their trampolines (patcher/loaded_later.c).  One dlopen per process,
 * so that every run loads LIB afresh; bench/run starts it many times per variant.  Exit status
 * 1 when the dlopen fails (said on stderr).
 */
#include <dlfcn.h>
#include <stdio.h>
#include <time.h>

int
main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: dlopen_cost LIB\n");
		return 2;
	}
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	void *lib = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
	clock_gettime(CLOCK_MONOTONIC, &b);
	if (lib == NULL) {
		fprintf(stderr, "dlopen %s: %s\n", argv[1], dlerror());
		return 1;
	}
	printf("us %.1f\n", (double)(b.tv_sec - a.tv_sec) * 1e6 + (double)(b.tv_nsec - a.tv_nsec) / 1e3);
	return 0;
}
