/*
 * paused_calls: PAUSE rules and their watcher (include/sysfault_control.h) inside a real program, for
 * PausedCallsTest.  libsysfault.so is preloaded with SYSFAULT_RULES naming a table whose rule pauses
 * writes to FILE; the functions are found with dlsym, as a harness does.
 *
 *   paused_calls FILE THREADS WRITES [nowatcher]
 *
 * A watcher thread (none with "nowatcher") takes every paused call, notes it and lets it go.  The main
 * thread opens FILE; a thread it starts writes "e" WRITES times (its calls do not wait: no thread is
 * named yet); then it names itself, writes "m", forks a child that writes "c" to it (a child never
 * waits: the watcher is its parent's) and waits for it, then THREADS threads (adopted: their parent is
 * named) write "t" WRITES times each; then the watcher stops.  Prints "main tid T fd F", "child exited N", "paused N", one line "paused write fd F by main"
 * or "... by thread" per paused call (sorted by the test), and "file N bytes".
 * Exit status 0; 2 for a usage mistake or a missing API.
 */
#include <dlfcn.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "sysfault_control.h"

#define MAX_SEEN 100000

static __typeof__(sysfault_watch_paused_calls) *watch;
static __typeof__(sysfault_next_paused_call) *next_paused;
static __typeof__(sysfault_release_paused_call) *release_paused;
static __typeof__(sysfault_pause_thread) *pause_thread;

static struct sysfault_paused_call seen[MAX_SEEN];
static int seen_count;
static volatile int stop;
static int fd, writes;

static void *
watcher(void *ready)
{
	if (watch(1) != 0) {
		fprintf(stderr, "paused_calls: another watcher holds the board\n");
		exit(2);
	}
	__atomic_store_n((int *)ready, 1, __ATOMIC_SEQ_CST);
	while (!__atomic_load_n(&stop, __ATOMIC_SEQ_CST)) {
		struct sysfault_paused_call call;
		int slot = next_paused(&call, 50);
		if (slot < 0)
			continue;
		if (seen_count < MAX_SEEN)
			seen[seen_count++] = call;
		release_paused(slot);
	}
	watch(0);
	return NULL;
}

static void *
writer(void *unused)
{
	(void)unused;
	for (int i = 0; i < writes; i++)
		if (write(fd, "t", 1) != 1)
			perror("write");
	return NULL;
}

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: paused_calls FILE THREADS WRITES [nowatcher]\n");
		return 2;
	}
	watch = (__typeof__(watch))dlsym(RTLD_DEFAULT, "sysfault_watch_paused_calls");
	next_paused = (__typeof__(next_paused))dlsym(RTLD_DEFAULT, "sysfault_next_paused_call");
	release_paused = (__typeof__(release_paused))dlsym(RTLD_DEFAULT, "sysfault_release_paused_call");
	pause_thread = (__typeof__(pause_thread))dlsym(RTLD_DEFAULT, "sysfault_pause_thread");
	if (!watch || !next_paused || !release_paused || !pause_thread) {
		fprintf(stderr, "paused_calls: libsysfault.so's control API is not loaded (LD_PRELOAD)\n");
		return 2;
	}
	int threads = atoi(argv[2]);
	writes = atoi(argv[3]);
	int watched = argc < 5;

	pthread_t w;
	int ready = 0;
	if (watched) {
		pthread_create(&w, NULL, watcher, &ready);
		while (!__atomic_load_n(&ready, __ATOMIC_SEQ_CST))
			sched_yield();
	}
	fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0600);
	long main_tid = syscall(SYS_gettid);
	pthread_t early;
	pthread_create(&early, NULL, writer, NULL);
	pthread_join(early, NULL);
	if (watched && pause_thread(main_tid) != 0)
		fprintf(stderr, "paused_calls: cannot name the main thread\n");
	if (write(fd, "m", 1) != 1)
		perror("write");
	pid_t child = fork();
	if (child == 0)
		_exit(write(fd, "c", 1) == 1 ? 0 : 1);
	int status;
	waitpid(child, &status, 0);

	pthread_t t[64];
	for (int i = 0; i < threads && i < 64; i++)
		pthread_create(&t[i], NULL, writer, NULL);
	for (int i = 0; i < threads && i < 64; i++)
		pthread_join(t[i], NULL);
	if (watched) {
		__atomic_store_n(&stop, 1, __ATOMIC_SEQ_CST);
		pthread_join(w, NULL);
	}

	struct stat st;
	fstat(fd, &st);
	printf("main tid %ld fd %d\n", main_tid, fd);
	printf("child exited %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	printf("paused %d\n", seen_count);
	for (int i = 0; i < seen_count; i++)
		printf("paused %s fd %ld by %s\n", seen[i].nr == SYS_write ? "write" : "other", seen[i].arg0,
		       seen[i].tid == main_tid ? "main" : "thread");
	printf("file %lld bytes\n", (long long)st.st_size);
	return 0;
}
