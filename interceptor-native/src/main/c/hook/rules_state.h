/* The rule table in force as the hook path uses it: built by control/rule_table.c (at start-up or by
 * sysfault_load_rules), published here, read by hook/rules.c and dispatch.c. */
#ifndef SYSFAULT_RULES_STATE_H
#define SYSFAULT_RULES_STATE_H

#include <stddef.h>
#include <stdint.h>
#include "contracts/rule_format.h"

/* One loaded table.  Built once, then never changed (but for its counts) and never freed. */
struct loaded_rules {
	uint32_t count;                     /* >= 1: a table without rules is never published */
	const struct rule *rules;           /* in a private copy of the file's checked bytes */
	const char *strings;
	uint32_t strings_size;
	const uint8_t *path_args;           /* [RULES_MAX_SYSCALL] */
	const uint8_t *count_arg;           /* [RULES_MAX_SYSCALL] */
	struct rule_counters *counters;     /* [count], the file's shared writable part */

	/* Index: the rules that name syscall nr are by_syscall[start[nr] .. start[nr + 1]), ascending. */
	const uint32_t *start;              /* [RULES_MAX_SYSCALL + 1] */
	const uint16_t *by_syscall;

	/* Per process (private memory, reset in a forked child). */
	const uint8_t *enabled;             /* [count]: 0 when COMMAND names another program */
	uint64_t *calls;                    /* [count * RULES_MAX_SYSCALL]: calls taken, per syscall */
	uint64_t *fired;                    /* [count]: times fired */
	size_t per_process_size;            /* calls and fired are one page-aligned run of this size,
	                                       starting at calls, that nothing else shares */
};

/*
 * The table in force, NULL for none.  A new table replaces it with one release store; a call
 * loads it once (sysfault_rules_now) and uses that table to its end, so a replaced table stays
 * mapped for good.
 */
extern const struct loaded_rules *sysfault_rules_in_force __attribute__((visibility("hidden")));

/* 1 once a table has been in force in this process or a parent: from then on the clone family
 * comes back through sysfault_exit, so that a new process resets the counts it inherits. */
extern int sysfault_rules_ever_used __attribute__((visibility("hidden")));

static inline int
sysfault_rules_were_used(void)
{
	return __atomic_load_n(&sysfault_rules_ever_used, __ATOMIC_RELAXED);
}

/*
 * Following the control file (docs/control-file.md), when SYSFAULT_CONTROL names one: its generation
 * word (a zero of our own without one), the generation whose table is in force, a guard that one
 * thread at a time takes to load a new table (a forked child resets it), and the loader, which
 * start-up sets (control/rules_follow.c: the hook path may not link what lies above it).
 */
extern const uint64_t *sysfault_control_generation __attribute__((visibility("hidden")));
extern uint64_t sysfault_rules_generation __attribute__((visibility("hidden")));
extern int sysfault_rules_following __attribute__((visibility("hidden")));
extern void (*sysfault_rules_follow)(uint64_t generation) __attribute__((visibility("hidden")));

/* Before a call picks its rule: one load of the control file's word, and the loader only when it moved. */
static inline void
sysfault_rules_keep_up(void)
{
	uint64_t wanted = __atomic_load_n(sysfault_control_generation, __ATOMIC_ACQUIRE);
	if (__builtin_expect(wanted != __atomic_load_n(&sysfault_rules_generation, __ATOMIC_RELAXED), 0))
		sysfault_rules_follow(wanted);
}

static inline const struct loaded_rules *
sysfault_rules_now(void)
{
	return __atomic_load_n(&sysfault_rules_in_force, __ATOMIC_ACQUIRE);
}

#endif
