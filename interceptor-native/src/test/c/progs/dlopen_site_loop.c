/* Raw getppid loops from a syscall instruction of a library that dlopen loads after start-up, for the rewrite of caught sites in objects loaded later. */
#include <dlfcn.h>
#include <limits.h>
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

int
main(int argc, char **argv)
{
	if (argc != 3 || realpath(argv[0], dir) == NULL)
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
	if (open_library("libgetppid_padded.so", 1, &padded) != 0)
		return 1;
	if (strcmp(mode, "other") == 0) {
		const unsigned char *was = padded.site;
		dlclose(padded.handle);
		if (open_library("libgetppid_unpadded.so", 0, &unpadded) != 0)
			return 1;
		printf("same address: %s\n", unpadded.site == was ? "yes" : "no");
		run("unpadded", &unpadded, n);
		return 0;
	}
	run("padded", &padded, n);
	if (strcmp(mode, "reopen") == 0) {
		dlclose(padded.handle);
		if (open_library("libgetppid_padded.so", 1, &padded) != 0)
			return 1;
		run("reopened", &padded, n);
	}
	return 0;
}
