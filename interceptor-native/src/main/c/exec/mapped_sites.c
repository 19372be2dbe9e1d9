/* At sysfault-exec's start-up: the syscall sites of the objects it mapped that a caught call may rewrite to the fast path.
 *
 * libsysfault.so finds the objects it did not patch through the dynamic loader's list; here no
 * loader made one (sysfault-exec mapped the program and its PT_INTERP itself, elf_load.c), so the
 * two are described from their program headers, then planned and given trampolines by the same
 * code (patcher/caught_sites.c, with the plan cache).  Their trampolines enter through
 * trampoline_entry.S, which runs the dispatcher on a stack of ours and leaves the calls that only
 * sigsys.c may run to it.  A program without an unwind table (static and Go programs have none)
 * is planned from its symbol table; a stripped one has neither, and keeps paying the signal.
 */
#include <link.h>
#include <stdlib.h>
#include <string.h>
#include "patcher/cache_dir.h"
#include "patcher/caught_sites.h"
#include "patcher/loaded_libs.h"
#include "raw_io/raw_io.h"
#include "startup/sud.h"
#include "mapped_sites.h"
#include "startup/env_flag.h"

void sysfault_exec_entry(void);

static const char *
base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash != NULL ? slash + 1 : path;
}

/* sysfault-exec's own build-id, which keys the plan cache as libsysfault.so's does: a new planner, new plans. */
static int
know_own_build_id(struct dl_phdr_info *info, size_t size, void *data)
{
	(void)size;
	(void)data;
	struct loaded_lib me;
	loaded_lib_describe(&me, "sysfault-exec", NULL, info->dlpi_addr, info->dlpi_phdr, info->dlpi_phnum);
	memcpy(sysfault_own_build_id, me.build_id, sizeof(sysfault_own_build_id));
	return 1;   /* the first object listed is this program */
}

/* The table keeps pointers to the objects' paths: they must outlive start-up. */
static char interp_path[256];

void
mapped_sites_prepare(const struct loaded_program *p, const char *path, const char *interp)
{
	if (!sud_rewrite_wanted())
		return;
	int debug = env_flag("SYSFAULT_DEBUG");
	struct loaded_lib objects[2];
	size_t n = 0;
	loaded_lib_describe(&objects[n], base_name(path), path, p->program.bias, (const ElfW(Phdr) *)p->program.phdr,
	                    p->program.phnum);
	n += objects[n].text_len != 0;
	if (interp != NULL && p->interp.entry != 0 && strlen(interp) < sizeof(interp_path)) {
		strcpy(interp_path, interp);
		loaded_lib_describe(&objects[n], base_name(interp_path), interp_path, p->interp.bias,
		                    (const ElfW(Phdr) *)p->interp.phdr, p->interp.phnum);
		n += objects[n].text_len != 0;
	}
	dl_iterate_phdr(know_own_build_id, NULL);
	long cache_dir = cache_dir_open(debug);
	caught_sites_prepare_mapped(objects, n, sysfault_exec_entry, cache_dir, debug);
	if (cache_dir >= 0)
		raw_close(cache_dir);
}
