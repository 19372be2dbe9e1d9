/* The loaded rule table as the hook path uses it: filled once at start-up (startup/rule_table.c), read by nolibc/rules.c. */
#ifndef SYSFAULT_RULES_STATE_H
#define SYSFAULT_RULES_STATE_H

#include <stddef.h>
#include <stdint.h>
#include "../rule_format.h"

struct loaded_rules {
	uint32_t count;                     /* 0: no table, the rule engine is off */
	const struct rule *rules;           /* in the private read-only mapping of the file */
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
	size_t per_process_size;            /* calls and fired are one anonymous mapping of this size,
	                                       starting at calls, page aligned */
	int tracks_fd_paths;                /* some rule has FD_PATH */
};

extern struct loaded_rules sysfault_rules __attribute__((visibility("hidden")));

#endif
