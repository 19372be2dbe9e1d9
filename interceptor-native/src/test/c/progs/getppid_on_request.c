/*
 * getppid_on_request: makes getppid calls when asked, for the tests of pausing a trace while a
 * program runs (TracePausingTest).
 *
 *   getppid_on_request
 *
 * Reads lines from stdin; for each line "N" it makes exactly N getppid(2) calls and then writes
 * "done N\n" on stdout (one write(2)).  At the end of stdin it exits 0.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
	char line[64];
	while (fgets(line, sizeof line, stdin) != NULL) {
		long n = atol(line);
		for (long i = 0; i < n; i++)
			getppid();
		char reply[64];
		int len = snprintf(reply, sizeof reply, "done %ld\n", n);
		if (write(1, reply, (size_t)len) != len)
			return 1;
	}
	return 0;
}
