/*
 * control_api: drives libsysfault.so's control API (include/sysfault_control.h) from inside a
 * program, for ControlApiTest.  Linked against nothing of sysfault's: the functions are found
 * with dlsym(RTLD_DEFAULT, ...), as a harness does; libsysfault.so is preloaded.
 *
 *   control_api STEP...
 *
 * Each STEP prints one line on stdout (the output is the test's evidence):
 *
 *   version          "version N"                   sysfault_control_version()
 *   load=FILE        "load = 0" | "load = -1: MESSAGE"
 *   clear            "clear"
 *   exempt=0|1       "exempt N"                    for the main thread
 *   getppid, getpid  "NAME real" (what it returns to an exempt thread) or "NAME = V"
 *   fork             "fork": a child that waits for the step "child"; the parent goes on
 *   child            the child makes one getppid and prints "child getppid ...", then exits
 *   exempt-thread=K  a thread that is exempt makes K getppid and opens ".../exempt-marker",
 *                    then is not exempt, makes one getppid and opens ".../not-exempt-marker";
 *                    meanwhile the main thread makes K getppid.  Prints
 *                    "exempt thread tid T: getppid real xK, then = -1" (as it saw them) and
 *                    "main thread tid M: getppid = -1 xK"
 *   stress=A,B,N     loads A, starts 4 threads that call getppid and getpid in a loop, loads B
 *                    and A in turn N times, stops the threads; prints "stress loads N failed F"
 *                    and one line "RESULT xCOUNT" per distinct result the threads saw, sorted
 *
 * Exit status 0; 2 for a usage mistake or a missing API.
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "sysfault_control.h"

static __typeof__(sysfault_control_version) *control_version;
static __typeof__(sysfault_load_rules) *load_rules;
static __typeof__(sysfault_clear_rules) *clear_rules;
static __typeof__(sysfault_exempt_thread) *exempt_thread;

static long real_pid, real_ppid;

/*
 * "real" (the value before any step), or "= V" and " errno E" when errno was set.  glibc's getppid
 * and getpid never set errno (they cannot fail): under a rule that fails them with EPERM they
 * return -EPERM itself, -1.
 */
static void describe(char *out, size_t size, long r, int err, long real)
{
	if (r == real && err == 0)
		snprintf(out, size, "real");
	else if (err == 0)
		snprintf(out, size, "= %ld", r);
	else
		snprintf(out, size, "= %ld errno %d", r, err);
}

static void call_and_print(const char *prefix, int ppid)
{
	errno = 0;
	long r = ppid ? (long)getppid() : (long)getpid();
	char what[64];
	describe(what, sizeof(what), r, errno, ppid ? real_ppid : real_pid);
	printf("%s%s %s\n", prefix, ppid ? "getppid" : "getpid", what);
}

static int load(const char *file)
{
	char message[512] = "";
	int r = load_rules(file, message, sizeof(message));
	if (r == 0)
		printf("load = 0\n");
	else
		printf("load = %d: %s\n", r, message);
	return r;
}

/* ---- exempt-thread ---- */

struct exempt_run {
	int calls;
	const char *dir;
	long tid;
	char before[64], after[64];
	int same_before;
};

static void open_marker(const char *dir, const char *name)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	int fd = open(path, O_RDONLY);
	if (fd >= 0)
		close(fd);
}

static void *exempt_main(void *arg)
{
	struct exempt_run *e = arg;
	e->tid = syscall(SYS_gettid);
	exempt_thread(1);
	e->same_before = 1;
	for (int i = 0; i < e->calls; i++) {
		errno = 0;
		long r = getppid();
		char what[64];
		describe(what, sizeof(what), r, errno, real_ppid);
		if (i == 0)
			strcpy(e->before, what);
		else if (strcmp(what, e->before) != 0)
			e->same_before = 0;
	}
	open_marker(e->dir, "exempt-marker");
	exempt_thread(0);
	errno = 0;
	long r = getppid();
	describe(e->after, sizeof(e->after), r, errno, real_ppid);
	open_marker(e->dir, "not-exempt-marker");
	return NULL;
}

static void exempt_thread_step(int calls)
{
	char dir[] = "/tmp/control_api.XXXXXX";
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		exit(1);
	}
	struct exempt_run e = { .calls = calls, .dir = dir };
	pthread_t id;
	if (pthread_create(&id, NULL, exempt_main, &e) != 0) {
		perror("pthread_create");
		exit(1);
	}
	char first[64] = "", what[64];
	int same = 1;
	for (int i = 0; i < calls; i++) {
		errno = 0;
		long r = getppid();
		describe(what, sizeof(what), r, errno, real_ppid);
		if (i == 0)
			strcpy(first, what);
		else if (strcmp(first, what) != 0)
			same = 0;
	}
	pthread_join(id, NULL);
	rmdir(dir);
	printf("exempt thread tid %ld: getppid %s x%d%s, then %s\n", e.tid, e.before, calls,
	       e.same_before ? "" : " (not all the same)", e.after);
	printf("main thread tid %ld: getppid %s x%d%s\n", (long)syscall(SYS_gettid), first, calls,
	       same ? "" : " (not all the same)");
}

/* ---- stress ---- */

#define STRESS_THREADS 4
#define KINDS 16

struct seen {
	char what[KINDS][64];
	long count[KINDS];
	int kinds;
};

static int stop;

/* Counts n more results "what". */
static void note(struct seen *s, const char *what, long n)
{
	for (int i = 0; i < s->kinds; i++)
		if (strcmp(s->what[i], what) == 0) {
			s->count[i] += n;
			return;
		}
	if (s->kinds < KINDS) {
		snprintf(s->what[s->kinds], sizeof(s->what[0]), "%s", what);
		s->count[s->kinds++] = n;
	}
}

static void *stress_main(void *arg)
{
	struct seen *s = arg;
	char what[64], line[80];
	while (!__atomic_load_n(&stop, __ATOMIC_RELAXED)) {
		errno = 0;
		long r = getppid();
		describe(what, sizeof(what), r, errno, real_ppid);
		snprintf(line, sizeof(line), "getppid %s", what);
		note(s, line, 1);
		errno = 0;
		r = getpid();
		describe(what, sizeof(what), r, errno, real_pid);
		snprintf(line, sizeof(line), "getpid %s", what);
		note(s, line, 1);
	}
	return NULL;
}

static const struct seen *sorting;

static int by_name(const void *a, const void *b)
{
	return strcmp(sorting->what[*(const int *)a], sorting->what[*(const int *)b]);
}

static void stress_step(char *spec)
{
	char *a = strtok(spec, ","), *b = strtok(NULL, ","), *n_text = strtok(NULL, ",");
	if (a == NULL || b == NULL || n_text == NULL) {
		fprintf(stderr, "control_api: stress=A,B,N\n");
		exit(2);
	}
	long n = atol(n_text), failed = 0;
	char message[512];
	if (load_rules(a, message, sizeof(message)) != 0) {
		printf("stress: load %s: %s\n", a, message);
		return;
	}
	struct seen seen[STRESS_THREADS];
	pthread_t ids[STRESS_THREADS];
	memset(seen, 0, sizeof(seen));
	for (int i = 0; i < STRESS_THREADS; i++)
		pthread_create(&ids[i], NULL, stress_main, &seen[i]);
	for (long i = 0; i < n; i++)
		if (load_rules(i % 2 == 0 ? b : a, message, sizeof(message)) != 0 && failed++ == 0)
			fprintf(stderr, "control_api: stress: %s\n", message);
	__atomic_store_n(&stop, 1, __ATOMIC_RELAXED);
	struct seen all = { .kinds = 0 };
	for (int i = 0; i < STRESS_THREADS; i++) {
		pthread_join(ids[i], NULL);
		for (int k = 0; k < seen[i].kinds; k++)
			note(&all, seen[i].what[k], seen[i].count[k]);
	}
	printf("stress loads %ld failed %ld\n", n, failed);
	int order[KINDS];
	for (int i = 0; i < all.kinds; i++)
		order[i] = i;
	sorting = &all;
	qsort(order, (size_t)all.kinds, sizeof(order[0]), by_name);
	for (int i = 0; i < all.kinds; i++)
		printf("%s x%ld\n", all.what[order[i]], all.count[order[i]]);
}

/* ---- fork / child ---- */

static int child_pipe = -1;
static pid_t child_pid;

static void fork_step(void)
{
	int p[2];
	if (pipe(p) != 0) {
		perror("pipe");
		exit(1);
	}
	fflush(stdout);
	child_pid = fork();
	if (child_pid < 0) {
		perror("fork");
		exit(1);
	}
	if (child_pid == 0) {
		char go;
		close(p[1]);
		if (read(p[0], &go, 1) != 1)
			_exit(1);
		errno = 0;
		long r = getppid();
		char what[64];
		/* the child's parent is the program itself */
		describe(what, sizeof(what), r, errno, real_pid);
		printf("child getppid %s\n", what);
		fflush(stdout);
		_exit(0);
	}
	close(p[0]);
	child_pipe = p[1];
	printf("fork\n");
}

static void child_step(void)
{
	if (child_pipe < 0) {
		fprintf(stderr, "control_api: child before fork\n");
		exit(2);
	}
	fflush(stdout);
	if (write(child_pipe, "g", 1) != 1)
		perror("write");
	close(child_pipe);
	child_pipe = -1;
	int status;
	waitpid(child_pid, &status, 0);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		printf("child failed: status %#x\n", status);
}

int main(int argc, char **argv)
{
	control_version = (__typeof__(control_version))dlsym(RTLD_DEFAULT, "sysfault_control_version");
	load_rules = (__typeof__(load_rules))dlsym(RTLD_DEFAULT, "sysfault_load_rules");
	clear_rules = (__typeof__(clear_rules))dlsym(RTLD_DEFAULT, "sysfault_clear_rules");
	exempt_thread = (__typeof__(exempt_thread))dlsym(RTLD_DEFAULT, "sysfault_exempt_thread");
	if (!control_version || !load_rules || !clear_rules || !exempt_thread) {
		fprintf(stderr, "control_api: libsysfault.so's control API is not loaded (LD_PRELOAD)\n");
		return 2;
	}
	/* the real answers, whatever SYSFAULT_RULES says: this thread is exempt while it asks */
	exempt_thread(1);
	real_pid = getpid();
	real_ppid = getppid();
	exempt_thread(0);
	for (int i = 1; i < argc; i++) {
		char *step = argv[i];
		if (strcmp(step, "version") == 0)
			printf("version %d\n", control_version());
		else if (strncmp(step, "load=", 5) == 0)
			load(step + 5);
		else if (strcmp(step, "clear") == 0) {
			clear_rules();
			printf("clear\n");
		} else if (strncmp(step, "exempt=", 7) == 0) {
			exempt_thread(atoi(step + 7));
			printf("exempt %d\n", atoi(step + 7));
		} else if (strcmp(step, "getppid") == 0)
			call_and_print("", 1);
		else if (strcmp(step, "getpid") == 0)
			call_and_print("", 0);
		else if (strcmp(step, "fork") == 0)
			fork_step();
		else if (strcmp(step, "child") == 0)
			child_step();
		else if (strncmp(step, "exempt-thread=", 14) == 0)
			exempt_thread_step(atoi(step + 14));
		else if (strncmp(step, "stress=", 7) == 0)
			stress_step(step + 7);
		else {
			fprintf(stderr, "control_api: unknown step '%s'\n", step);
			return 2;
		}
		fflush(stdout);
	}
	return 0;
}
