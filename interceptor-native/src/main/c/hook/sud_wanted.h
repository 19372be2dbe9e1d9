/* When a thread is worth Syscall User Dispatch's cost: something consumes the calls it would catch. */
#ifndef SYSFAULT_SUD_WANTED_H
#define SYSFAULT_SUD_WANTED_H

#include "libsyscall_intercept_hook_point.h"
#include "rules_state.h"
#include "sud.h"
#include "trace.h"

/*
 * A thread under SUD pays for it on every syscall it makes, the patched glibc ones too: the
 * kernel takes its slower entry to read the selector (about 10 ns here, the glibc rows of
 * bench/run).  So a thread is armed only once something would use what SUD catches: a rule
 * table in force (from SYSFAULT_RULES or the control API), a trace, a hook of the program's,
 * or SYSFAULT_SUD=1.  Once armed, a thread stays armed.
 */
extern int sysfault_sud_forced __attribute__((visibility("hidden")));

static inline int
sysfault_sud_wanted(void)
{
	return sysfault_sud_forced || sysfault_rules_now() != NULL || sysfault_trace.header != NULL ||
	       __atomic_load_n((void *const *)&intercept_hook_point, __ATOMIC_RELAXED) != NULL;
}

/* SUD on for this thread if it is wanted now and the thread has none yet (a new thread's TLS is 0). */
static inline void
sysfault_sud_arm_if_wanted(void)
{
	if (!sysfault_sud_thread_armed && sysfault_sud_wanted())
		sysfault_sud_arm_thread();
}

/*
 * At each patched call: BLOCK again after a call that SUD let through (sud_entry.c), and SUD on
 * in a thread that has none while it is wanted: a thread that a raw clone made, or any thread
 * once rules, a trace or a hook arrive.
 */
static inline void
sysfault_sud_block_again(void)
{
	sysfault_sud_selector = SUD_SELECTOR_BLOCK;
	sysfault_sud_arm_if_wanted();
}

#endif
