/*
 * trace_threads: a known sequence of file calls from many threads at once and from a forked
 * child, for the trace tests (junit-extension's RecordedCallsTest).
 *
 *   trace_threads DIR THREADS WRITES BYTES
 *
 * THREADS threads start together (a barrier) and each makes, on a file of its own:
 *
 *   openat(AT_FDCWD, "DIR/thread-<i>.dat", O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC, 0600) = fd
 *   write(fd, ..., BYTES) = BYTES                       WRITES times
 *   close(fd) = 0
 *
 * While they run, the main thread forks a child that makes the same sequence on
 * "DIR/child.dat" and leaves with _exit(0).  After every thread is joined and the child reaped,
 * the program prints one line per actor, which the test compares with the trace:
 *
 *   thread <i> tid <tid> fd <fd>
 *   child pid <pid>
 *
 * and exits 0; on any failure it prints "trace_threads: ..." on stderr and exits 1.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_THREADS 64
#define MAX_BYTES 65536

struct actor {
	int index;
	pid_t tid;
	int fd;
	int failed;
};

static const char *dir;
static int writes;
static size_t bytes;
static char buffer[MAX_BYTES];
static pthread_barrier_t start;

/* The sequence of the header comment; returns the fd it used, or -1 (errno set). */
static int file_sequence(const char *name)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	int fd = openat(AT_FDCWD, path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return -1;
	for (int i = 0; i < writes; i++) {
		ssize_t n = write(fd, buffer, bytes);
		if (n != (ssize_t)bytes) {
			if (n >= 0)
				errno = EIO; /* a short write: not expected on a regular file */
			return -1;
		}
	}
	if (close(fd) != 0)
		return -1;
	return fd;
}

static void *thread_main(void *arg)
{
	struct actor *a = arg;
	char name[64];
	a->tid = (pid_t)syscall(SYS_gettid);
	snprintf(name, sizeof name, "thread-%d.dat", a->index);
	pthread_barrier_wait(&start);
	a->fd = file_sequence(name);
	a->failed = a->fd < 0 ? errno : 0;
	return NULL;
}

static int fail(const char *what, int err)
{
	fprintf(stderr, "trace_threads: %s: %s\n", what, strerror(err));
	return 1;
}

int main(int argc, char **argv)
{
	if (argc != 5) {
		fprintf(stderr, "usage: trace_threads DIR THREADS WRITES BYTES\n");
		return 2;
	}
	dir = argv[1];
	int threads = atoi(argv[2]);
	writes = atoi(argv[3]);
	bytes = (size_t)atol(argv[4]);
	if (threads < 1 || threads > MAX_THREADS || writes < 0 || bytes < 1 || bytes > MAX_BYTES) {
		fprintf(stderr, "trace_threads: THREADS 1..%d, WRITES >= 0, BYTES 1..%d\n",
			MAX_THREADS, MAX_BYTES);
		return 2;
	}
	memset(buffer, 'x', sizeof buffer);

	struct actor actors[MAX_THREADS];
	pthread_t ids[MAX_THREADS];
	pthread_barrier_init(&start, NULL, (unsigned)threads + 1);
	for (int i = 0; i < threads; i++) {
		actors[i] = (struct actor){ .index = i, .fd = -1 };
		int err = pthread_create(&ids[i], NULL, thread_main, &actors[i]);
		if (err != 0)
			return fail("pthread_create", err);
	}
	pthread_barrier_wait(&start);

	/* The child runs while the threads do: only async-signal-safe calls in it. */
	pid_t child = fork();
	if (child < 0)
		return fail("fork", errno);
	if (child == 0)
		_exit(file_sequence("child.dat") < 0 ? 1 : 0);

	for (int i = 0; i < threads; i++)
		pthread_join(ids[i], NULL);
	int status;
	if (waitpid(child, &status, 0) != child)
		return fail("waitpid", errno);

	int result = 0;
	for (int i = 0; i < threads; i++) {
		if (actors[i].failed != 0)
			result = fail("thread file sequence", actors[i].failed);
		printf("thread %d tid %d fd %d\n", i, (int)actors[i].tid, actors[i].fd);
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "trace_threads: the child's file sequence failed (status %#x)\n", status);
		result = 1;
	}
	/* The child has no way to report its fd but its exit status; the test reads it from the
	 * child's openat in the trace. */
	printf("child pid %d\n", (int)child);
	return result;
}
