/*
 * trace_handoff: two threads hand a token back and forth through two pipes, so that each call
 * provably happens after certain calls of the other thread: the trace tests (junit-extension's
 * TraceOrderTest) check that the trace lists them in that order across threads.
 *
 *   trace_handoff ROUNDS
 *
 * Round k (from 1): the main thread writes one byte to pipe "ping" and reads one from pipe
 * "pong"; the second thread reads the byte from "ping" and writes one to "pong".  So the second
 * thread's read of round k returns only after the main thread's write of round k was made, and
 * the main thread's read of round k only after the second thread's write of round k; each thread
 * records a call before it makes its next one.
 *
 * Prints "ping <read fd> <write fd>", "pong <read fd> <write fd>" and "second tid <tid>", exits 0;
 * on a failure prints "trace_handoff: ..." on stderr and exits 1.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

static int ping[2], pong[2];
static long rounds;
static pid_t second_tid;

static int
one_byte(int fd, int writing)
{
	char c = 'x';
	return (writing ? write(fd, &c, 1) : read(fd, &c, 1)) == 1;
}

static void *
second(void *arg)
{
	(void)arg;
	second_tid = (pid_t)syscall(SYS_gettid);
	for (long k = 0; k < rounds; k++)
		if (!one_byte(ping[0], 0) || !one_byte(pong[1], 1)) {
			close(pong[1]);   /* the main thread's read returns */
			return "the second thread could not read ping or write pong";
		}
	return NULL;
}

int
main(int argc, char **argv)
{
	char *end;
	rounds = argc == 2 ? strtol(argv[1], &end, 10) : 0;
	if (argc != 2 || *end != '\0' || rounds <= 0) {
		fprintf(stderr, "usage: trace_handoff ROUNDS (a positive number)\n");
		return 2;
	}
	if (pipe(ping) != 0 || pipe(pong) != 0) {
		perror("trace_handoff: pipe");
		return 1;
	}
	pthread_t t;
	if (pthread_create(&t, NULL, second, NULL) != 0) {
		fprintf(stderr, "trace_handoff: cannot start the second thread\n");
		return 1;
	}
	const char *failed = NULL;
	for (long k = 0; k < rounds && failed == NULL; k++)
		if (!one_byte(ping[1], 1) || !one_byte(pong[0], 0))
			failed = "the main thread could not write ping or read pong";
	if (failed != NULL)
		close(ping[1]);   /* the second thread's read returns */
	void *second_failed = NULL;
	pthread_join(t, &second_failed);
	if (failed != NULL || second_failed != NULL) {
		fprintf(stderr, "trace_handoff: %s\n", failed != NULL ? failed : (const char *)second_failed);
		return 1;
	}
	printf("ping %d %d\npong %d %d\nsecond tid %d\n", ping[0], ping[1], pong[0], pong[1], (int)second_tid);
	return 0;
}
