/* The rule table at start-up: loads SYSFAULT_RULES into sysfault_rules (nolibc/rules_state.h). */
#ifndef SYSFAULT_RULE_TABLE_H
#define SYSFAULT_RULE_TABLE_H

/*
 * Maps the table that SYSFAULT_RULES names and fills sysfault_rules (rules_state.h); argv0
 * decides COMMAND rules (NULL: none applies).  Unset or empty SYSFAULT_RULES: no table, 0.  A
 * table that cannot be read or fails its checks is reported on stderr and the process exits with
 * SYSFAULT_EXIT_STRICT: a test that asked for faults must not run without them.
 */
int rule_table_load(const char *argv0);

#endif
