/* Loading a rule table and making it the rules in force (hook/rules_state.h): at start-up and from sysfault_load_rules. */
#ifndef SYSFAULT_RULE_TABLE_H
#define SYSFAULT_RULE_TABLE_H

#include <stddef.h>
#include "hook/rules_state.h"

/*
 * Reads the table at path into private memory (never twice, never a shared mapping: a file rewritten
 * meanwhile cannot pass the checks as one table and be used as another), runs every check of
 * docs/rule-table.md on that copy, and builds what the hook
 * path reads: a private copy of the checked bytes, the index by syscall, fresh per-process counts
 * and the file's counters mapped shared.  0 with *table set (NULL for a valid table without
 * rules), or -1 with "rule table PATH: what is wrong" in message (NUL-terminated, one line) and
 * nothing mapped.  Publishes nothing.  Uses raw syscalls for the file, and no hook sees them.
 */
int rule_table_read(const char *path, const struct loaded_rules **table, char *message, size_t size);

/* Makes table (NULL: no rules) the rules in force, for every thread at once. */
void rule_table_publish(const struct loaded_rules *table);

/*
 * At start-up: keeps argv0's command name for COMMAND rules, now and in every later table (NULL:
 * none applies), then loads and publishes the table that SYSFAULT_RULES names.  Unset or empty
 * SYSFAULT_RULES: no table, 0.  A table that cannot be read or fails its checks is reported on
 * stderr and the process exits with SYSFAULT_EXIT_STRICT: a test that asked for faults must not
 * run without them.
 */
int rule_table_load(const char *argv0);

#endif
