/* Reading, checking and indexing a rule table without libc, so that the hook path can load one too (rules_follow.c). */
#ifndef SYSFAULT_RULE_LOAD_H
#define SYSFAULT_RULE_LOAD_H

#include <stddef.h>
#include "hook/rules_state.h"

/* Why a table was refused: what went wrong ("cannot stat it", a check's message) and the errno, if a call failed. */
struct table_refusal {
	char what[400];
	long err;   /* a negative errno, or 0 */
};

/*
 * Reads the table at path into private memory (never twice, never a shared mapping: a file rewritten
 * meanwhile cannot pass the checks as one table and be used as another), runs every check of
 * docs/rule-table.md on that copy, and builds what the hook path reads: a private copy of the checked
 * bytes, the index by syscall, fresh per-process counts and the file's counters mapped shared.  0 with
 * *table set (NULL for a valid table without rules), or -1 with why and nothing mapped.  Publishes
 * nothing.  Raw syscalls only, no libc, no allocation but mmap: safe on the hook path.
 */
int rule_table_read_raw(const char *path, const struct loaded_rules **table, struct table_refusal *why);

/* Makes table (NULL: no rules) the rules in force, for every thread at once. */
void rule_table_publish(const struct loaded_rules *table);

/* The program's command name, for COMMAND rules in every table read from now on (NULL: none applies). */
void rule_table_set_command(const char *name);

#endif
