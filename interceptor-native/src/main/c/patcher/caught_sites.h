/* At start-up: the syscall sites that Syscall User Dispatch may later rewrite, with their trampolines ready. */
#ifndef SYSFAULT_CAUGHT_SITES_H
#define SYSFAULT_CAUGHT_SITES_H

#include <stddef.h>
#include "loaded_libs.h"

/*
 * For every object loaded now that start-up did not patch (patched[0..npatched)), lists the
 * syscall sites that a 2-byte jump to padding can send to a trampoline into
 * hook/sud_rewrite.h's table, each trampoline written and executable already.  The sites stay
 * `syscall` instructions until SUD catches them.  cache_dir: the plan cache (-1: none).
 * Returns how many sites were listed.
 */
size_t caught_sites_prepare(const struct loaded_lib *patched, size_t npatched, long cache_dir, int debug);

/*
 * The same for the objects that sysfault-exec mapped itself (no dynamic loader lists them), whose
 * trampolines enter through entry (its own, exec/trampoline_entry.S).  Under debug, an object
 * without a site to list is said so.
 */
size_t caught_sites_prepare_mapped(const struct loaded_lib *mapped, size_t nmapped, void (*entry)(void), long cache_dir,
                                   int debug);

/*
 * One object's part of either: writes the trampolines of lib's rewritable sites and lists them into
 * into[0, room), sorted by address, each naming the object as name (which must outlive the list).
 * Returns how many were listed.  Also used for objects loaded later (loaded_later.c).
 */
struct rewritable_site;
size_t caught_sites_list(const struct loaded_lib *lib, const char *name, long cache_dir, struct rewritable_site *into,
                         size_t room, int debug);

#endif
