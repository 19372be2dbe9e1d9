/*
 * late_dlopen: loads libsysfault.so with dlopen() into a process that is already running a second
 * thread, the way a JVM loads it through JNA when it was not preloaded, for LateLoadTest.
 *
 *   late_dlopen LIBRARY [RULES]
 *
 * A thread calls getppid in a loop from before the dlopen(LIBRARY, RTLD_NOW) until it has made
 * AFTER_LOAD more calls after it; the main thread then calls getppid too.  Counted calls, not
 * pauses: a busy machine may not run the thread at all for a while.  Prints "syscall_hook_in_process_allowed() = A",
 * with RULES (a rule table) "load = R: MESSAGE" from sysfault_load_rules(RULES), and last
 * "getppid real xN" (N: the thread's calls, every one of which returned the real parent).
 * Exit status 0; 1 when a getppid returned anything else, 2 for a usage mistake, a failed dlopen
 * or a missing function.
 */
#include <dlfcn.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "libsyscall_intercept_hook_point.h"
#include "sysfault_control.h"

#define BEFORE_LOAD 1000L
#define AFTER_LOAD 100000L

static long real_ppid;
static volatile int stop;
static volatile long calls;
static long wrong;

static void *
call_getppid(void *arg)
{
	(void)arg;
	while (!stop) {
		if (getppid() != real_ppid)
			wrong++;
		calls++;
	}
	return NULL;
}

/* Waits until the thread has made `count` calls in all. */
static void
await_calls(long count)
{
	while (calls < count)
		sched_yield();
}

int
main(int argc, char **argv)
{
	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: late_dlopen LIBRARY [RULES]\n");
		return 2;
	}
	real_ppid = getppid();
	pthread_t thread;
	if (pthread_create(&thread, NULL, call_getppid, NULL) != 0) {
		fprintf(stderr, "late_dlopen: pthread_create failed\n");
		return 2;
	}
	await_calls(BEFORE_LOAD);   /* the thread is inside glibc's getppid most of the time from now on */
	void *lib = dlopen(argv[1], RTLD_NOW);
	if (lib == NULL) {
		fprintf(stderr, "late_dlopen: %s\n", dlerror());
		return 2;
	}
	__typeof__(syscall_hook_in_process_allowed) *allowed =
		(__typeof__(allowed))dlsym(lib, "syscall_hook_in_process_allowed");
	__typeof__(sysfault_load_rules) *load_rules = (__typeof__(load_rules))dlsym(lib, "sysfault_load_rules");
	if (allowed == NULL || load_rules == NULL) {
		fprintf(stderr, "late_dlopen: %s lacks the hook or the control API\n", argv[1]);
		return 2;
	}
	printf("syscall_hook_in_process_allowed() = %d\n", allowed());
	if (argc == 3) {
		char message[512] = "";
		int r = load_rules(argv[2], message, sizeof(message));
		printf("load = %d: %s\n", r, message);
	}
	await_calls(calls + AFTER_LOAD);
	stop = 1;
	pthread_join(thread, NULL);
	if (getppid() != real_ppid)
		wrong++;
	printf("getppid real x%ld\n", calls - wrong);
	return wrong == 0 ? 0 : 1;
}
