/* Raw getppid loops from a syscall instruction of a library that dlopen loads after start-up, for the rewrite of caught sites in objects loaded later. */
#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * dlopen_site_loop MODE N   (libgetppid_padded.so and libgetppid_unpadded.so beside it)
 *   loop    dlopen the padded library by its path, N calls
 *   reopen  the same, dlclose, dlopen it again, N calls again
 *   other   dlopen the padded library, no call, dlclose, dlopen the unpadded one by bare name (so that
 *           nothing plans it before its calls), N calls; says first whether it was mapped at the padded
 *           one's address
 *   threads N THREADS  dlopen the padded library; THREADS threads make N calls each, while the main
 *           thread dlopens and dlcloses the unpadded library by path until they are done (each
 *           holds and releases every later site, and plans or forgets an object)
 *   churn   dlopen and dlclose the unpadded library (no rewritable site) by path 600 times, more than
 *           the handler's table has objects, then dlopen the padded one, N calls
 *   bare    dlopen the padded library by bare name (found through this program's RUNPATH, $ORIGIN),
 *           N calls, then dlopen the unpadded one by path, N calls of the padded one again
 * Prints, per loop: "WHO: C calls, K ok, F failed with errno E; site: jump|syscall" (K: returned the
 * real ppid; the site: what the syscall instruction's first byte is now, eb or 0f).  Exit status 0,
 * 1 when a dlopen or dlsym fails (said on stderr).
 */

struct library {
	void *handle;
	long (*call)(void);
	const unsigned char *site;
};

static char dir[PATH_MAX];

static int
open_library(const char *name, int by_path, struct library *lib)
{
	char path[PATH_MAX + 64];
	snprintf(path, sizeof(path), "%s%s%s", by_path ? dir : "", by_path ? "/" : "", name);
	lib->handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (lib->handle == NULL) {
		fprintf(stderr, "dlopen %s: %s\n", path, dlerror());
		return -1;
	}
	lib->call = (long (*)(void))dlsym(lib->handle, "lib_getppid");
	lib->site = dlsym(lib->handle, "lib_getppid_site");
	if (lib->call == NULL || lib->site == NULL) {
		fprintf(stderr, "dlsym in %s: %s\n", path, dlerror());
		return -1;
	}
	return 0;
}

static void
run(const char *who, const struct library *lib, long n)
{
	long ppid = getppid();   /* -1 under the rule: then no call counts as ok */
	long ok = 0, failed = 0, errno_seen = 0;
	for (long i = 0; i < n; i++) {
		long r = lib->call();
		if (r < 0 && r > -4096) {
			failed++;
			errno_seen = -r;
		} else if (r == ppid) {
			ok++;
		}
	}
	printf("%s: %ld calls, %ld ok, %ld failed with errno %ld; site: %s\n", who, n, ok, failed, errno_seen,
	       lib->site[0] == 0xeb ? "jump" : lib->site[0] == 0x0f ? "syscall" : "other");
	fflush(stdout);
}

struct worker {
	const struct library *lib;
	long n, failed, errno_seen;
};

static volatile int workers_left;

static void *
work(void *arg)
{
	struct worker *w = arg;
	for (long i = 0; i < w->n; i++) {
		long r = w->lib->call();
		if (r < 0 && r > -4096) {
			w->failed++;
			w->errno_seen = -r;
		}
	}
	__atomic_sub_fetch(&workers_left, 1, __ATOMIC_RELEASE);
	return NULL;
}

/* Loads and unloads the unpadded library by path while the workers call the padded one's site. */
static int
threads(const struct library *padded, long n, int count)
{
	pthread_t t[64];
	struct worker w[64];
	if (count < 1 || count > 64)
		return 2;
	workers_left = count;
	for (int i = 0; i < count; i++) {
		w[i] = (struct worker){ padded, n, 0, 0 };
		if (pthread_create(&t[i], NULL, work, &w[i]) != 0)
			return 1;
	}
	long cycles = 0;
	struct library unpadded;
	do {
		if (open_library("libgetppid_unpadded.so", 1, &unpadded) != 0)
			return 1;
		dlclose(unpadded.handle);
		cycles++;
	} while (__atomic_load_n(&workers_left, __ATOMIC_ACQUIRE) > 0);
	long failed = 0, errno_seen = 0;
	for (int i = 0; i < count; i++) {
		pthread_join(t[i], NULL);
		failed += w[i].failed;
		if (w[i].errno_seen)
			errno_seen = w[i].errno_seen;
	}
	printf("threads: %ld calls, %ld failed with errno %ld; site: %s; dlopen and dlclose cycles: %s\n", n * count,
	       failed, errno_seen, padded->site[0] == 0xeb ? "jump" : padded->site[0] == 0x0f ? "syscall" : "other",
	       cycles > 0 ? "some" : "none");
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc < 3 || argc > 4 || realpath(argv[0], dir) == NULL)
		return 2;
	*strrchr(dir, '/') = '\0';
	const char *mode = argv[1];
	long n = atol(argv[2]);
	struct library padded, unpadded;
	if (strcmp(mode, "bare") == 0) {
		if (open_library("libgetppid_padded.so", 0, &padded) != 0)
			return 1;
		run("by bare name", &padded, n);
		if (open_library("libgetppid_unpadded.so", 1, &unpadded) != 0)
			return 1;
		run("after a dlopen by path", &padded, n);
		return 0;
	}
	if (strcmp(mode, "churn") == 0) {
		for (int i = 0; i < 600; i++) {
			if (open_library("libgetppid_unpadded.so", 1, &unpadded) != 0)
				return 1;
			dlclose(unpadded.handle);
		}
	}
	if (open_library("libgetppid_padded.so", 1, &padded) != 0)
		return 1;
	if (strcmp(mode, "threads") == 0)
		return threads(&padded, n, argc > 3 ? atoi(argv[3]) : 4);
	if (strcmp(mode, "other") == 0) {
		const unsigned char *was = padded.site;
		dlclose(padded.handle);
		if (open_library("libgetppid_unpadded.so", 0, &unpadded) != 0)
			return 1;
		printf("same address: %s\n", unpadded.site == was ? "yes" : "no");
		run("unpadded", &unpadded, n);
		return 0;
	}
	run(strcmp(mode, "churn") == 0 ? "after 600 others" : "padded", &padded, n);
	if (strcmp(mode, "reopen") == 0) {
		dlclose(padded.handle);
		if (open_library("libgetppid_padded.so", 1, &padded) != 0)
			return 1;
		run("reopened", &padded, n);
	}
	return 0;
}
