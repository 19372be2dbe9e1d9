/*
 * trace_connect: connects late and stays until told to go, for the trace tests that wait for a
 * call while the program runs (junit-extension's TraceAwaitTest).
 *
 *   trace_connect PORT DELAY_MS
 *
 * Sleeps DELAY_MS milliseconds, connects a TCP socket to 127.0.0.1:PORT, then reads from it
 * until the peer sends a byte or closes, and exits 0.  So it cannot exit before the test has
 * seen the connect and answered.  Any failure: a "trace_connect: ..." line on stderr, exit 1.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static int fail(const char *what)
{
	fprintf(stderr, "trace_connect: %s: %s\n", what, strerror(errno));
	return 1;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: trace_connect PORT DELAY_MS\n");
		return 2;
	}
	int port = atoi(argv[1]);
	long delay_ms = atol(argv[2]);

	struct timespec delay = { .tv_sec = delay_ms / 1000, .tv_nsec = (delay_ms % 1000) * 1000000L };
	while (nanosleep(&delay, &delay) != 0) {
		if (errno != EINTR)
			return fail("nanosleep");
	}

	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return fail("socket");
	struct sockaddr_in address = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&address, sizeof address) != 0)
		return fail("connect");

	char byte;
	ssize_t n;
	while ((n = read(fd, &byte, 1)) < 0 && errno == EINTR)
		;
	if (n < 0)
		return fail("read");
	close(fd);
	return 0;
}
