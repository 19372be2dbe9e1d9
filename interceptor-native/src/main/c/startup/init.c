/* Start-up: patches the loaded glibc before main() runs, following SYSFAULT_* and INTERCEPT_HOOK_CMDLINE_FILTER. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "patcher/cache_dir.h"
#include "control/intercepted.h"
#include "patcher/loaded_libs.h"
#include "patcher/patch_library.h"
#include "raw_io/raw_io.h"
#include "raw_io/report.h"
#include "control/rule_table.h"
#include "threads.h"
#include "trace_setup.h"

struct settings {
	int debug;
	int strict;
};

static int
env_flag(const char *name)
{
	const char *v = getenv(name);
	return v != NULL && v[0] != '\0' && strcmp(v, "0") != 0;
}

/* INTERCEPT_HOOK_CMDLINE_FILTER: patch only the program whose command's last component matches. */
static int
allowed_by_filter(const char *argv0)
{
	const char *filter = getenv("INTERCEPT_HOOK_CMDLINE_FILTER");
	if (filter == NULL)
		return 1;
	if (argv0 == NULL)
		return 0;
	const char *slash = strrchr(argv0, '/');
	return strcmp(slash ? slash + 1 : argv0, filter) == 0;
}

/* -1 until start-up has decided, then 1 when this process is patched, 0 when not, and why not. */
static int process_patched = -1;
static char why_not_patched[160];

const char *
not_intercepted_because(void)
{
	return process_patched == 0 ? why_not_patched : NULL;
}

/*
 * A hook library's constructor may run before ours (preloaded objects need
 * not depend on each other), so before start-up has decided, the answer is
 * what the filter will decide.
 */
__attribute__((visibility("default"))) int
syscall_hook_in_process_allowed(void)
{
	if (process_patched >= 0)
		return process_patched;
	return allowed_by_filter(program_invocation_name);
}

__attribute__((constructor(101))) static void
sysfault_start(int argc, char **argv, char **envp)
{
	(void)envp;
	struct settings cfg = { .debug = env_flag("SYSFAULT_DEBUG"), .strict = env_flag("SYSFAULT_STRICT") };
	process_patched = 0;
	const char *argv0 = argc > 0 && argv != NULL ? argv[0] : NULL;
	if (!allowed_by_filter(argv0)) {
		snprintf(why_not_patched, sizeof(why_not_patched), "INTERCEPT_HOOK_CMDLINE_FILTER excludes it");
		return;
	}
	/* dlopen() into a running program: its other threads may be executing the code that patching
	 * rewrites, and crash.  Once there is one thread, ours, nothing can start another meanwhile. */
	int threads = running_threads();
	if (threads > 1) {
		snprintf(why_not_patched, sizeof(why_not_patched),
		         "libsysfault.so was loaded into it while %d threads ran", threads);
		report("sysfault: libsysfault.so was loaded into a running process with %d threads (by dlopen?); "
		       "it patches only at start-up, through LD_PRELOAD: nothing is intercepted", threads);
		if (cfg.strict)
			exit(SYSFAULT_EXIT_STRICT);
		return;
	}
	/* Before any site is patched: a table that fails its checks stops the process here. */
	rule_table_load(argv0);
	trace_setup();

	struct loaded_lib libs[MAX_PATCHED_LIBS];
	size_t nlibs = find_patchable_libs(libs);
	if (nlibs == 0 || strcmp(libs[0].name, "libc.so.6") != 0) {
		snprintf(why_not_patched, sizeof(why_not_patched), "no libc.so.6 is loaded");
		report("sysfault: no libc.so.6 is loaded in this process; nothing is intercepted");
		if (cfg.strict)
			exit(SYSFAULT_EXIT_STRICT);
		return;
	}
	long unpatched = 0;
	int libc_patched = 0;
	/* Once, before glibc is patched: finding it calls realpath(), whose calls no rule may meet. */
	long cache_dir = cache_dir_open(cfg.debug);
	for (size_t i = 0; i < nlibs; i++) {
		long n = patch_library(&libs[i], cache_dir, cfg.debug);
		if (i == 0 && n >= 0)
			libc_patched = 1;
		if (n != 0)
			unpatched += n > 0 ? n : 1;
	}
	if (cache_dir >= 0)
		raw_close(cache_dir);
	if (unpatched > 0 && cfg.strict) {
		report("sysfault: SYSFAULT_STRICT=1 and not every syscall could be patched; exiting with status %d",
		       SYSFAULT_EXIT_STRICT);
		exit(SYSFAULT_EXIT_STRICT);
	}
	if (!libc_patched)
		snprintf(why_not_patched, sizeof(why_not_patched), "libc.so.6 could not be patched");
	process_patched = libc_patched;
}
