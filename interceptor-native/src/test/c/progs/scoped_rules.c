/*
 * scoped_rules: the rules scoped to one thread and what it starts (sysfault_scope_rules), for ScopedRulesTest.
 *
 *   scoped_rules RULES RACERS
 *   scoped_rules --program NAME [again]
 *
 * libsysfault.so is preloaded; the functions are found with dlsym, as a harness does.  RULES is a table that
 * fails getppid.  A thread "early" starts first and waits; then the main thread scopes the rules to itself
 * and loads RULES, and each of these calls getppid (from glibc, or "raw" from a syscall instruction of this
 * program, which Syscall User Dispatch catches) and prints "NAME: failed" (-1) or "NAME: ok" (the real
 * ppid): main, main raw, early, early's fork child, a thread main starts and a thread that one starts, a
 * fork child of main and a thread of that child, a vfork child of main (before it exits), RACERS threads
 * whose first act is the call, RACER_WAVE at a time (one line: how many failed), this program run again
 * by a fork child of main ("main's program") and by one of early's ("early's program"), then, with the
 * scope off, early and main again.  "--program NAME" prints NAME's verdict; with "again", it first runs
 * itself once more as "NAME's program", with an environment of LD_PRELOAD alone (as a JVM's jspawnhelper
 * runs a program with the environment Java gives it): the rules follow it there too.
 * Exit status 0; 2 for a usage mistake or a missing API.
 */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "sysfault_control.h"

static __typeof__(sysfault_scope_rules) *scope_rules;
static __typeof__(sysfault_load_rules) *load_rules;

/* Racers alive at once: fewer than the scope holds (1024), which the threads leave as they end. */
#define RACER_WAVE 300

static long real_ppid;
static int racer_failures;

static void run_program(const char *self, const char *name, int again);

static long
raw_getppid(void)
{
	long ret;
	__asm__ volatile("syscall" : "=a"(ret) : "a"((long)SYS_getppid) : "rcx", "r11", "memory");
	return ret;
}

static const char *
verdict(long ppid)
{
	return ppid == -1 ? "failed" : ppid == real_ppid ? "ok" : "unexpected";
}

/* The call in a fork child, whose parent is the program: its result goes back as the exit status. */
static void
report_child(const char *name, pid_t child)
{
	int status;
	waitpid(child, &status, 0);
	printf("%s: %s\n", name, !WIFEXITED(status) ? "died" : WEXITSTATUS(status) == 0 ? "ok"
	                         : WEXITSTATUS(status) == 1 ? "failed" : "unexpected");
	fflush(stdout);
}

/* In a fork child: 0 when getppid returned the program's pid, 1 when it failed. */
static int
child_status(long ppid, long parent)
{
	return ppid == parent ? 0 : ppid == -1 ? 1 : 3;
}

static void *
call_and_print(void *name)
{
	printf("%s: %s\n", (const char *)name, verdict(getppid()));
	fflush(stdout);
	return NULL;
}

static void *
grandparent_thread(void *unused)
{
	(void)unused;
	call_and_print("main's thread");
	pthread_t t;
	pthread_create(&t, NULL, call_and_print, "main's thread's thread");
	pthread_join(t, NULL);
	return NULL;
}

static void *
child_thread(void *failed)
{
	*(int *)failed = getppid() == -1;
	return NULL;
}

static void *
racer(void *unused)
{
	(void)unused;
	if (raw_getppid() == -1)   /* the thread's first call: it may come before its parent's clone returns */
		__atomic_add_fetch(&racer_failures, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

/* early: started before the scope; each step waits for main to ask (a pipe: no rule is on read or write). */
static int to_early[2], from_early[2];

static void *
early(void *unused)
{
	(void)unused;
	char step;
	while (read(to_early[0], &step, 1) == 1) {
		if (step == 'c') {
			call_and_print("early");
		} else if (step == 'p') {
			run_program("/proc/self/exe", "early's program", 0);
		} else if (step == 'f') {
			long me = getpid();
			pid_t child = fork();
			if (child == 0)
				_exit(child_status(getppid(), me));
			report_child("early's fork child", child);
		}
		if (write(from_early[1], &step, 1) != 1)
			return NULL;
	}
	return NULL;
}

/* This program again, as "--program NAME [again]", from a fork child; its verdict is its own line. */
static void
run_program(const char *self, const char *name, int again)
{
	fflush(stdout);
	pid_t child = fork();
	if (child == 0) {
		execl(self, self, "--program", name, again ? "again" : NULL, (char *)NULL);
		_exit(127);
	}
	int status;
	waitpid(child, &status, 0);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		printf("%s: did not run\n", name);
}

static int
program(const char *self, const char *name, int again)
{
	if (again) {
		char next[128], preload[4096];
		snprintf(next, sizeof(next), "%s's program", name);
		const char *p = getenv("LD_PRELOAD");
		snprintf(preload, sizeof(preload), "LD_PRELOAD=%s", p != NULL ? p : "");
		char *const args[] = { (char *)self, "--program", next, NULL };
		char *const env[] = { preload, NULL };
		fflush(stdout);
		pid_t child = fork();
		if (child == 0) {
			execve(self, args, env);
			_exit(127);
		}
		int status;
		waitpid(child, &status, 0);
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			printf("%s: did not run\n", next);
	}
	printf("%s: %s\n", name, getppid() == -1 ? "failed" : "ok");
	return 0;
}

static void
ask_early(char step)
{
	if (write(to_early[1], &step, 1) != 1 || read(from_early[0], &step, 1) != 1)
		perror("scoped_rules: early");
}

int main(int argc, char **argv)
{
	if (argc >= 3 && strcmp(argv[1], "--program") == 0)
		return program("/proc/self/exe", argv[2], argc > 3);
	if (argc != 3) {
		fprintf(stderr, "usage: scoped_rules RULES RACERS\n");
		return 2;
	}
	scope_rules = (__typeof__(scope_rules))dlsym(RTLD_DEFAULT, "sysfault_scope_rules");
	load_rules = (__typeof__(load_rules))dlsym(RTLD_DEFAULT, "sysfault_load_rules");
	if (!scope_rules || !load_rules) {
		fprintf(stderr, "scoped_rules: libsysfault.so's control API is not loaded (LD_PRELOAD)\n");
		return 2;
	}
	int racers = atoi(argv[2]);
	real_ppid = getppid();
	if (pipe(to_early) != 0 || pipe(from_early) != 0)
		return 2;
	pthread_t e;
	pthread_create(&e, NULL, early, NULL);

	char message[512];
	if (scope_rules(-1) != -1 || scope_rules(syscall(SYS_gettid)) != 0 ||
	    load_rules(argv[1], message, sizeof(message)) != 0) {
		fprintf(stderr, "scoped_rules: %s\n", message);
		return 2;
	}
	call_and_print("main");
	printf("main raw: %s\n", verdict(raw_getppid()));
	fflush(stdout);
	ask_early('c');
	ask_early('f');

	pthread_t t;
	pthread_create(&t, NULL, grandparent_thread, NULL);
	pthread_join(t, NULL);

	long me = getpid();
	pid_t child = fork();
	if (child == 0) {
		int thread_failed = 0;
		pthread_t ct;
		pthread_create(&ct, NULL, child_thread, &thread_failed);
		pthread_join(ct, NULL);
		_exit(child_status(getppid(), me) | (thread_failed ? 0 : 4));
	}
	int status;
	waitpid(child, &status, 0);
	printf("main's fork child: %s\n", WIFEXITED(status) && (WEXITSTATUS(status) & 1) ? "failed" : "ok");
	printf("main's fork child's thread: %s\n", WIFEXITED(status) && !(WEXITSTATUS(status) & 4) ? "failed" : "ok");

	volatile long in_vfork_child = 0;
	child = vfork();
	if (child == 0) {
		in_vfork_child = raw_getppid();   /* shares this memory until it exits */
		_exit(0);
	}
	waitpid(child, &status, 0);
	printf("main's vfork child: %s\n", in_vfork_child == -1 ? "failed" : in_vfork_child == me ? "ok" : "unexpected");

	/* In waves, so that more threads pass through the scope than it holds at once. */
	pthread_t *r = calloc(RACER_WAVE, sizeof(*r));
	for (int started = 0; started < racers; started += RACER_WAVE) {
		int wave = racers - started < RACER_WAVE ? racers - started : RACER_WAVE;
		for (int i = 0; i < wave; i++)
			pthread_create(&r[i], NULL, racer, NULL);
		for (int i = 0; i < wave; i++)
			pthread_join(r[i], NULL);
	}
	printf("racers failed: %d of %d\n", racer_failures, racers);
	fflush(stdout);

	run_program("/proc/self/exe", "main's program", 1);
	ask_early('p');

	scope_rules(0);
	ask_early('c');
	call_and_print("main");
	close(to_early[1]);
	pthread_join(e, NULL);
	return 0;
}
