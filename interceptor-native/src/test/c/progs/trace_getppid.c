/*
 * trace_getppid: N getppid calls and nothing else, for the trace tests of a full buffer
 * (junit-extension's TraceCapacityTest).
 *
 *   trace_getppid N [PAUSE_US]
 *
 * After start-up it makes exactly N getppid(2) calls (with PAUSE_US, each followed by a
 * nanosleep(2) of that many microseconds: slow calls), then one write(2) of the line
 * "getppid <N>\n" on stdout, then exit_group(2) (by returning from main).  The test runs it
 * once into a trace large enough for every call and once into a small one, and compares.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc != 2 && argc != 3) {
		static const char usage[] = "usage: trace_getppid N [PAUSE_US]\n";
		(void)!write(2, usage, sizeof usage - 1);
		return 2;
	}
	long n = atol(argv[1]);
	long pause_us = argc == 3 ? atol(argv[2]) : 0;
	struct timespec pause = { pause_us / 1000000, pause_us % 1000000 * 1000 };
	long made = 0;
	for (long i = 0; i < n; i++) {
		getppid();
		made++;
		if (pause_us > 0)
			nanosleep(&pause, NULL);
	}
	char line[64];
	int len = snprintf(line, sizeof line, "getppid %ld\n", made);
	return write(1, line, (size_t)len) == len ? 0 : 1;
}
