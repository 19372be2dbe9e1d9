/* Makes getppid calls, from glibc and from a raw site of its own, when asked: for what changes while its calls are quiet. */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "raw_getppid_sites.h"

/*
 *   calls_on_request
 *
 * Reads commands from stdin, one a line, and answers each with one line on stdout (one write(2)):
 *   glibc     getppid() through glibc (a patched site): "glibc = R" (getppid cannot fail, so glibc
 *             hands on what the kernel, or whoever answered, said: -E for an error)
 *   raw       getppid from this program's own syscall instruction (raw_getppid_near_padding: under
 *             SUD its first call rewrites the site to the fast path): "raw = R" (-E for an error)
 *   dlopen L  dlopen(L, RTLD_NOW): "dlopen ok" or "dlopen failed: WHY"
 *   ping      "pong": no call but the answer's own
 *   other C   command C, made by a second thread (started before main reads anything, waiting in
 *             read(2) on a pipe between commands), answered as C would be
 * So a test can let a program's calls go quiet (nothing wants them), change what wants them from
 * outside or inside, and see what the very next call meets.  At the end of stdin it exits 0.
 */
static void
answer(const char *command, char *reply, size_t size)
{
	if (strcmp(command, "glibc") == 0)
		snprintf(reply, size, "glibc = %ld\n", (long)getppid());
	else if (strcmp(command, "raw") == 0)
		snprintf(reply, size, "raw = %ld\n", raw_getppid_near_padding());
	else if (strcmp(command, "ping") == 0)
		snprintf(reply, size, "pong\n");
	else if (strncmp(command, "dlopen ", 7) == 0 && dlopen(command + 7, RTLD_NOW) != NULL)
		snprintf(reply, size, "dlopen ok\n");
	else if (strncmp(command, "dlopen ", 7) == 0)
		snprintf(reply, size, "dlopen failed: %s\n", dlerror());
	else
		snprintf(reply, size, "unknown command: %s\n", command);
}

static int to_other[2], from_other[2];

/* The second thread: one command per read (each is one short write, so one read takes it whole). */
static void *
other(void *unused)
{
	(void)unused;
	char command[4096], reply[4200];
	ssize_t n;
	while ((n = read(to_other[0], command, sizeof command - 1)) > 0) {
		command[n] = '\0';
		answer(command, reply, sizeof reply);
		if (write(from_other[1], reply, strlen(reply)) < 0)
			break;
	}
	return NULL;
}

int
main(void)
{
	pthread_t thread;
	if (pipe(to_other) != 0 || pipe(from_other) != 0 || pthread_create(&thread, NULL, other, NULL) != 0) {
		perror("calls_on_request: the second thread");
		return 2;
	}
	char line[4096], reply[4200];
	while (fgets(line, sizeof line, stdin) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		if (strncmp(line, "other ", 6) == 0) {
			ssize_t n;
			if (write(to_other[1], line + 6, strlen(line + 6)) < 0 ||
			    (n = read(from_other[0], reply, sizeof reply - 1)) <= 0)
				return 1;
			reply[n] = '\0';
		} else {
			answer(line, reply, sizeof reply);
		}
		size_t len = strlen(reply);
		if (write(1, reply, len) != (ssize_t)len)
			return 1;
	}
	close(to_other[1]);
	pthread_join(thread, NULL);
	return 0;
}
