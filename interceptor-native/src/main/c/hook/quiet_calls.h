/* The quiet call: one that nothing wants to see, which sysfault_entry runs without the dispatcher (entry.S). */
#ifndef SYSFAULT_QUIET_CALLS_H
#define SYSFAULT_QUIET_CALLS_H

/*
 * Most calls of a program under sysfault meet no rule, no trace and no hook, yet the full path
 * saves a frame and runs the dispatcher for each.  entry.S first asks, with plain loads, whether
 * this call is quiet, and if so runs it as the dispatcher would have (in the trampoline, or under
 * SUD right there) and returns.  A call is quiet when, in this order:
 *   - its number is below QUIET_CALLS_COUNT and sysfault_quiet_calls[nr] is not QUIET_NEVER:
 *     the dispatcher treats it like any other call, whatever the rules (computed once, at
 *     start-up, from the dispatcher's own predicates: quiet_calls.c), and with QUIET_UNLESS_FD_PATHS
 *     the descriptor paths are not followed;
 *   - the control file names no table newer than the one in force (rules_state.h);
 *   - the table in force, if any, has no rule for this number;
 *   - no hook of the program's is installed (intercept_hook_point);
 *   - no trace is mapped, or it does not want the call (paused, matched calls only, or a set
 *     without it: trace.h's sysfault_trace_wants);
 *   - with SUD on, the thread is armed, or nothing would arm it (sud_wanted.h).
 * Any other answer takes the full path, which does all of that again and more.
 * Until start-up fills the table every entry is QUIET_NEVER: every call takes the full path.
 */
#define QUIET_NEVER 0
#define QUIET_ALWAYS 1
#define QUIET_UNLESS_FD_PATHS 2

#define QUIET_CALLS_COUNT 512   /* RULES_MAX_SYSCALL and TRACE_RECORD_SET_SYSCALLS */

/* The offsets that entry.S reads, checked against the structs in quiet_calls.c. */
#define QUIET_RULES_START 56          /* struct loaded_rules: start */
#define QUIET_TRACE_FLAGS 20          /* struct trace_state: flags */
#define QUIET_TRACE_RECORD_SET 64     /* struct trace_header: record_set */
#define QUIET_TRACE_PAUSED 128        /* struct trace_header: paused */
#define QUIET_TRACE_MATCHED_ONLY 2    /* TRACE_RECORD_MATCHED_ONLY */
#define QUIET_TRACE_SET 4             /* TRACE_RECORD_SET */
#define QUIET_SUD_SELECTOR_BLOCK 1    /* SUD_SELECTOR_BLOCK (sud.h) */

#ifndef __ASSEMBLER__
#include <stdint.h>

extern uint8_t sysfault_quiet_calls[QUIET_CALLS_COUNT] __attribute__((visibility("hidden")));

/* Start-up, before any site is patched or any thread armed: fills sysfault_quiet_calls. */
void sysfault_quiet_calls_init(void);
#endif

#endif
