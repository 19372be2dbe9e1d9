/*
 * explore_workload ITERATIONS FILES: what cli/bench/run explores.  First a fixed amount of
 * arithmetic (ITERATIONS rounds; the same under any fault, so that an explored run does the
 * program's full work), then for each of FILES files w0..wN-1 in the working directory: open,
 * four small writes, close (no fsync: its time would be the disk's, not the program's).  A
 * failed call is reported on stderr and the program goes on, so no fault ends a run early.
 * Prints the arithmetic's result.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void
check(long result, const char *what, int file)
{
	if (result < 0)
		fprintf(stderr, "explore_workload: %s w%d: %s\n", what, file, strerror(errno));
}

int
main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: explore_workload ITERATIONS FILES\n");
		return 2;
	}
	long iterations = atol(argv[1]);
	int files = atoi(argv[2]);
	uint64_t x = 88172645463325252ULL;
	for (long i = 0; i < iterations; i++) {   /* xorshift: work the compiler cannot skip */
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
	}
	for (int f = 0; f < files; f++) {
		char name[16];
		snprintf(name, sizeof(name), "w%d", f);
		int fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		check(fd, "open", f);
		if (fd < 0)
			continue;
		for (int w = 0; w < 4; w++)
			check(write(fd, "record\n", 7), "write", f);
		check(close(fd), "close", f);
	}
	printf("%llu\n", (unsigned long long)x);
	if (fclose(stdout) != 0) {
		fprintf(stderr, "explore_workload: writing stdout: %s\n", strerror(errno));
		return 1;
	}
	return 0;
}
