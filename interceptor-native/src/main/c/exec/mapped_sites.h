/* At sysfault-exec's start-up: the syscall sites of the objects it mapped that a caught call may rewrite to the fast path. */
#ifndef SYSFAULT_EXEC_MAPPED_SITES_H
#define SYSFAULT_EXEC_MAPPED_SITES_H

#include "elf_load.h"

/*
 * Lists the rewritable sites of the program that p holds (its file: path) and of its dynamic loader
 * (interp, or NULL), as libsysfault.so lists those of the objects it did not patch, each with its
 * trampoline ready (patcher/caught_sites.c); from then on a listed site that SUD catches becomes a
 * jump to its trampoline (hook/sud_rewrite.c).  SYSFAULT_SUD_REWRITE=0: none; SYSFAULT_DEBUG: says
 * what was listed, and which object has no site that could be.  Before SUD is armed.
 */
void mapped_sites_prepare(const struct loaded_program *p, const char *path, const char *interp);

#endif
