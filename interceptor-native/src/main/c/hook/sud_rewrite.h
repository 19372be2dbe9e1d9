/* The syscall sites that Syscall User Dispatch catches and may rewrite to the fast path: the table start-up fills. */
#ifndef SYSFAULT_SUD_REWRITE_H
#define SYSFAULT_SUD_REWRITE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/syscall.h>

/*
 * A `syscall` instruction (0f 05) of an object loaded at start-up but not patched then, which
 * the planner found on an instruction boundary with 5 bytes of padding between functions in
 * reach of a 2-byte jump.  Its trampoline (start-up's, returning to site + 2) is written and
 * executable before the site is listed; the padding is not touched until the site is caught
 * (docs/syscall-user-dispatch.md, "Rewriting a caught site to the fast path").
 */
struct rewritable_site {
	uint64_t site;             /* the syscall instruction, absolute */
	uint64_t pad;              /* 5 bytes of padding within rel8 reach of site + 2 */
	uint64_t trampoline;       /* where the padding's jmp rel32 goes */
	const char *object;        /* the object's file name, for SYSFAULT_DEBUG */
	uint64_t object_base;      /* its load address, for SYSFAULT_DEBUG */
	uint8_t pad_before[5];     /* the padding as start-up saw it */
	uint8_t state;             /* enum rewrite_state */
};

enum rewrite_state {
	SITE_WAITING,              /* still a syscall instruction: its next catch rewrites it */
	SITE_REWRITTEN,            /* jmp rel8 to the padding's jmp to the trampoline */
	SITE_LEFT,                 /* the bytes were not as expected, or the write was refused */
	SITE_HELD,                 /* its object may be unloading (a dlclose runs): not rewritten meanwhile */
};

/* Room for every object of a JVM, with some to spare; more sites keep paying the signal. */
#define REWRITABLE_SITES_MAX 8192

/* Filled by start-up in site order (patcher/caught_sites.c), before any thread is armed; then read only. */
extern struct rewritable_site sysfault_rewritable_sites[REWRITABLE_SITES_MAX];
extern size_t sysfault_rewritable_count;
/* SYSFAULT_DEBUG: each rewrite says so on stderr. */
extern int sysfault_rewrite_debug;

/*
 * From the SIGSYS handler, for the syscall instruction at site: if the table lists it and
 * nothing else is rewriting now, makes it jump to its trampoline, so that its later calls take
 * the fast path.  This call itself is still the handler's to dispatch.
 */
void sysfault_sud_rewrite(unsigned long site);

/* The entry for site in sites[0, n), sorted by address, or NULL. */
struct rewritable_site *sysfault_rewritable_find(struct rewritable_site *sites, size_t n, unsigned long site);

/*
 * Outside any handler (a dlclose about to unmap): returns once no rewrite is under way, so that
 * one that read a site's state before it was held has finished with its object's text.
 */
void sysfault_sud_rewrite_settle(void);

/*
 * Set once the program installs a seccomp filter of its own (seccomp(2), or prctl PR_SET_SECCOMP):
 * a sandbox written for the program's calls may kill the process for ours (mprotect with
 * PROT_WRITE|PROT_EXEC, membarrier), so no site is rewritten after it.  A filter inherited at
 * start-up (a container's, a service's) is accepted, as start-up's own calls were.
 */
extern int sysfault_rewrite_stopped;

#define PR_SET_SECCOMP_ 22

/* The calls that may install a filter: sysfault_sud_rewrite_watch looks at their arguments. */
static inline int
sysfault_sud_rewrite_watches(long nr)
{
	return nr == SYS_seccomp || nr == SYS_prctl;
}

/* From the dispatcher, for every call while SUD is on: a filter being installed stops the rewriting. */
static inline void
sysfault_sud_rewrite_watch(long nr, long arg0)
{
	if (__builtin_expect(sysfault_sud_rewrite_watches(nr) && (nr == SYS_seccomp || arg0 == PR_SET_SECCOMP_), 0))
		__atomic_store_n(&sysfault_rewrite_stopped, 1, __ATOMIC_RELAXED);
}

/* In a fork child: a rewrite that another thread of the parent had under way is nobody's now. */
void sysfault_sud_rewrite_new_process(void);

#endif
