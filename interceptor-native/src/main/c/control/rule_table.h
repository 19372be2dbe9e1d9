/* Loading a rule table and making it the rules in force (hook/rules_state.h): at start-up and from sysfault_load_rules. */
#ifndef SYSFAULT_RULE_TABLE_H
#define SYSFAULT_RULE_TABLE_H

#include <stddef.h>
#include "hook/rules_state.h"
#include "rule_load.h"   /* rule_table_publish */

/*
 * rule_table_read_raw (rule_load.h), with "rule table PATH: what is wrong" in message (NUL-terminated,
 * one line) when it refuses the table.
 */
int rule_table_read(const char *path, const struct loaded_rules **table, char *message, size_t size);

/*
 * At start-up: keeps argv0's command name for COMMAND rules, now and in every later table (NULL:
 * none applies), then loads and publishes the table that SYSFAULT_RULES names.  Unset or empty
 * SYSFAULT_RULES: no table, 0.  A table that cannot be read or fails its checks is reported on
 * stderr and the process exits with SYSFAULT_EXIT_STRICT: a test that asked for faults must not
 * run without them.  With SYSFAULT_RULES_PASSED=1, the programs this one starts get the table too.
 */
int rule_table_load(const char *argv0);

/* The table at path is the one scoped threads' programs get (hook/exec_rules.h), by its absolute path. */
void exec_rules_remember(const char *path);

#endif
