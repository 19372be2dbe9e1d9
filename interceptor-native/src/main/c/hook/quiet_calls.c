/* Which syscall numbers may be quiet (quiet_calls.h): the dispatcher's special cases, asked of its own predicates. */
#include <stddef.h>
#include "call_kinds.h"
#include "exec_check.h"
#include "fd_paths.h"
#include "quiet_calls.h"
#include "rules_state.h"
#include "sud.h"
#include "sud_rewrite.h"
#include "trace.h"

_Static_assert(QUIET_CALLS_COUNT == RULES_MAX_SYSCALL, "entry.S indexes the rules' start[] with the same bound");
_Static_assert(QUIET_CALLS_COUNT == TRACE_RECORD_SET_SYSCALLS, "entry.S reads record_set with the same bound");
_Static_assert(offsetof(struct loaded_rules, start) == QUIET_RULES_START, "entry.S");
_Static_assert(sizeof(((struct loaded_rules *)0)->start[0]) == 4, "entry.S compares 32-bit start[] entries");
_Static_assert(offsetof(struct trace_state, header) == 0, "entry.S");
_Static_assert(offsetof(struct trace_state, flags) == QUIET_TRACE_FLAGS, "entry.S");
_Static_assert(sizeof(((struct trace_state *)0)->flags) == 2, "entry.S reads flags as 16 bits");
_Static_assert(offsetof(struct trace_header, record_set) == QUIET_TRACE_RECORD_SET, "entry.S");
_Static_assert(QUIET_TRACE_RECORD_SET % 8 == 0, "entry.S reads record_set 64 bits at a time");
_Static_assert(offsetof(struct trace_header, paused) == QUIET_TRACE_PAUSED, "entry.S");
_Static_assert(QUIET_TRACE_MATCHED_ONLY == TRACE_RECORD_MATCHED_ONLY && QUIET_TRACE_SET == TRACE_RECORD_SET, "entry.S");
_Static_assert(QUIET_SUD_SELECTOR_BLOCK == SUD_SELECTOR_BLOCK, "entry.S");

uint8_t sysfault_quiet_calls[QUIET_CALLS_COUNT];

/*
 * Everything dispatch.c (and the SUD code it calls) does for a call beyond taking its rule,
 * recording it and asking the hook, each asked here of the predicate dispatch.c itself uses:
 * a special case added there without its predicate here would make the quiet path skip it.
 */
static int
special_to_the_dispatcher(long nr)
{
	return runs_in_trampoline(nr) ||           /* the clone family's steps, rt_sigreturn */
	       never_returns(nr) ||                /* exit, exit_group: recorded before, run in the trampoline */
	       ends_thread_memory(nr) ||           /* the trace's leaving */
	       sysfault_exec_checked(nr) ||        /* what the next program needs (exec_check.h) */
	       sysfault_sud_adjusts(nr) ||         /* SIGSYS stays ours (sud_signals.c) */
	       sysfault_sud_rewrite_watches(nr);   /* a seccomp filter stops the rewriting */
}

void
sysfault_quiet_calls_init(void)
{
	for (long nr = 0; nr < QUIET_CALLS_COUNT; nr++) {
		uint8_t kind = QUIET_ALWAYS;
		if (special_to_the_dispatcher(nr))
			kind = QUIET_NEVER;
		else if (sysfault_fd_call(nr))
			kind = QUIET_UNLESS_FD_PATHS;
		sysfault_quiet_calls[nr] = kind;
	}
}
