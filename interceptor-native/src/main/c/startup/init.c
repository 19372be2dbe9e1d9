/* Start-up: patches the loaded glibc before main() runs, following SYSFAULT_* and INTERCEPT_HOOK_CMDLINE_FILTER.
 *
 * The whole interceptor, file by file (folders of src/main/c; CONTRIBUTING.md has the map).
 *
 * Once, here, before main() (LD_PRELOAD runs this constructor):
 *   sysfault_start                        this file: the command filter, the one-thread check
 *    -> rule_table_load                   control/rule_table.c: SYSFAULT_RULES, read into a private copy
 *        -> rule_table_check              control/rule_check.c: every check of contracts/rule_format.h
 *        -> rule_table_publish            control/rule_load.c: indexed and put in force (hook/rules_state.h)
 *    -> control_file_setup                startup/control_file.c: SYSFAULT_CONTROL, the table Java swaps in
 *    -> trace_setup                       startup/trace_setup.c: SYSFAULT_TRACE (contracts/trace_format.h)
 *    -> sysfault_quiet_calls_init         hook/quiet_calls.c: which numbers may skip the dispatcher
 *    -> find_patchable_libs               patcher/loaded_libs.c: libc.so.6 (and libpthread) in memory,
 *                                         or every object with INTERCEPT_ALL_OBJS
 *    -> cache_dir_open                    patcher/cache_dir.c: the patch cache, if it can be trusted
 *    -> patch_library, per library        patcher/patch_library.c, which takes
 *        -> patched_image_map             patcher/patched_image.c: pages an earlier process patched, or
 *        -> plan_cache_load               patcher/plan_cache.c: a plan an earlier process made, or
 *           functions_from_eh_frame       patcher/functions.c: function bounds (and
 *           functions_add_from_symbols    patcher/symbols.c: for code without unwind entries), then
 *           plan_patches                  patcher/planner.c, disasm.c: each syscall site, how to patch it
 *        -> trampoline_area_map           patcher/trampoline_area.c: memory within 2 GiB of the library
 *        -> emit_trampoline, per site     patcher/trampoline.c (layout: contracts/trampoline_layout.h)
 *        -> trampoline_area_seal          patcher/trampoline_area.c: slots -> sysfault_entry, sysfault_exit
 *        -> sysfault_write_text           patcher/text_write.c: each site becomes a jump to its trampoline
 *    -> sud_start                         startup/sud.c: Syscall User Dispatch for every other syscall
 *                                         (threads armed while something consumes calls: hook/sud_wanted.h)
 *    -> caught_sites_prepare              patcher/caught_sites.c: the other objects' sites that a 2-byte
 *                                         jump can send to a trampoline, listed with their trampolines
 *    -> loaded_later_start                patcher/loaded_later.c: the same for each object that dlopen
 *                                         loads later, planned after the real dlopen returns
 *                                         (patcher/dlopen_watch.c, dlopen_entry.S), forgotten at dlclose
 *
 * Then on every syscall of every thread, through the patched site (hook/: no libc, no locks):
 *   trampoline -> sysfault_entry          hook/entry.S: a quiet call (no rule, trace or hook wants it:
 *                                         hook/quiet_calls.h) runs at once; any other has its
 *                                         registers saved as a struct syscall_frame
 *    -> sysfault_dispatch_enter           hook/dispatch.c
 *        -> rules_follow                  control/rules_follow.c, through a pointer, when the control file's
 *                                         generation moved: loads the new table without libc
 *        -> sysfault_rules_pick, _act     hook/rules.c: the first matching rule, its rule_outcome
 *        -> intercept_hook_point          a user's hook library, when no rule answered
 *        -> sysfault_trace_record         hook/trace.c: the event, into the shared trace
 *    <- the next step                     hook/dispatch.c: the outcome as a trampoline offset
 *   the trampoline runs the real syscall, or lands past it with the answer; the clone family
 *   comes back through sysfault_exit (entry.S) -> sysfault_dispatch_exit (dispatch.c).
 *
 * And on every other syscall (outside libsysfault.so's code), while SUD is on:
 *   SIGSYS -> sysfault_sud_sigsys         hook/sud_entry.c: the same sysfault_dispatch_enter, the
 *                                         result written into the signal frame; the program's own
 *                                         signal calls kept from taking SIGSYS from us (sud_signals.c)
 *    -> sysfault_sud_rewrite              hook/sud_rewrite.c: a listed site becomes a jump to its
 *                                         trampoline, so its later calls take the fast path
 *
 * At any time, from the program (include/sysfault_control.h):
 *   sysfault_load_rules                   control/control.c
 *    -> rule_table_read, _publish         control/rule_table.c: the same checks as at start-up
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "patcher/cache_dir.h"
#include "control/intercepted.h"
#include "patcher/loaded_libs.h"
#include "patcher/patch_library.h"
#include "patcher/caught_sites.h"
#include "patcher/loaded_later.h"
#include "raw_io/raw_io.h"
#include "raw_io/report.h"
#include "control/rule_table.h"
#include "hook/exec_check.h"
#include "hook/quiet_calls.h"
#include "sud.h"
#include "threads.h"
#include "trace_setup.h"
#include "control_file.h"
#include "env_flag.h"

struct settings {
	int debug;
	int strict;
	int all_objects;   /* INTERCEPT_ALL_OBJS: every loaded object, not only glibc (as syscall_intercept) */
};

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

/*
 * A hook library's constructor may run before ours (preloaded objects need
 * not depend on each other), so before start-up has decided, the answer is
 * what the filter will decide.
 */
__attribute__((visibility("default"))) int
syscall_hook_in_process_allowed(void)
{
	if (sysfault_process_patched >= 0)
		return sysfault_process_patched;
	return allowed_by_filter(program_invocation_name);
}

__attribute__((constructor(101))) static void
sysfault_start(int argc, char **argv, char **envp)
{
	(void)envp;
	struct settings cfg = { .debug = env_flag("SYSFAULT_DEBUG"), .strict = env_flag("SYSFAULT_STRICT"),
	                        .all_objects = env_flag("INTERCEPT_ALL_OBJS") };
	sysfault_process_patched = 0;
	const char *argv0 = argc > 0 && argv != NULL ? argv[0] : NULL;
	if (!allowed_by_filter(argv0)) {
		snprintf(sysfault_why_not_patched, sizeof(sysfault_why_not_patched), "INTERCEPT_HOOK_CMDLINE_FILTER excludes it");
		return;
	}
	/* dlopen() into a running program: its other threads may be executing the code that patching
	 * rewrites, and crash.  Once there is one thread, ours, nothing can start another meanwhile. */
	int threads = running_threads();
	if (threads > 1) {
		snprintf(sysfault_why_not_patched, sizeof(sysfault_why_not_patched),
		         "libsysfault.so was loaded into it while %d threads ran", threads);
		report("sysfault: libsysfault.so was loaded into a running process with %d threads (by dlopen?); "
		       "it patches only at start-up, through LD_PRELOAD: nothing is intercepted", threads);
		if (cfg.strict)
			exit(SYSFAULT_EXIT_STRICT);
		return;
	}
	sysfault_exec_strict = cfg.strict;
	const char *loader = getenv("SYSFAULT_EXEC");   /* sysfault-exec, for the programs LD_PRELOAD cannot reach */
	if (loader != NULL && loader[0] == '/' && strlen(loader) < sizeof(sysfault_exec_loader))
		strcpy(sysfault_exec_loader, loader);
	/* Before any site is patched: a table that fails its checks stops the process here. */
	rule_table_load(argv0);
	control_file_setup();
	trace_setup();

	sysfault_quiet_calls_init();   /* before the first site can reach sysfault_entry */
	static struct loaded_lib libs[MAX_PATCHED_LIBS];
	size_t nlibs = find_patchable_libs(libs, cfg.all_objects, cfg.debug);
	if (nlibs == 0 || strcmp(libs[0].name, "libc.so.6") != 0) {
		snprintf(sysfault_why_not_patched, sizeof(sysfault_why_not_patched), "no libc.so.6 is loaded");
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
	/* Behind the patched sites, every other syscall: the program's own, other libraries', the loader's. */
	char why_no_sud[160];
	int sud = libc_patched && sud_start(why_no_sud, sizeof(why_no_sud));
	/* The sites SUD will catch, ready to become fast when first caught (SYSFAULT_SUD_REWRITE=0: never). */
	if (sud && sud_rewrite_wanted()) {
		caught_sites_prepare(libs, nlibs, cache_dir, cfg.debug);
		loaded_later_start(cfg.debug);   /* and those of objects that dlopen loads later */
	}
	if (cache_dir >= 0)
		raw_close(cache_dir);
	if (libc_patched && !sud && cfg.debug)
		report("sysfault: only glibc's syscalls are seen: Syscall User Dispatch is off (%s)", why_no_sud);
	if (unpatched > 0 && !sud && cfg.strict) {
		report("sysfault: SYSFAULT_STRICT=1 and not every syscall could be patched; exiting with status %d",
		       SYSFAULT_EXIT_STRICT);
		exit(SYSFAULT_EXIT_STRICT);
	}
	if (!libc_patched)
		snprintf(sysfault_why_not_patched, sizeof(sysfault_why_not_patched), "libc.so.6 could not be patched");
	sysfault_process_patched = libc_patched;
}
