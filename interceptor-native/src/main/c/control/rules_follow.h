/* Following the control file: the table loader the hook path calls when the generation moved (docs/control-file.md). */
#ifndef SYSFAULT_RULES_FOLLOW_H
#define SYSFAULT_RULES_FOLLOW_H

#include <stdint.h>

/*
 * At start-up: the tables are "rules-N" in dir (the control file's directory, without a trailing slash).
 * 0, or -1 when the path would not fit (PATH_MAX).
 */
int rules_follow_in(const char *dir);

/*
 * Loads table "rules-<generation>" and publishes it, unless another thread of this process is loading one
 * (it is non-blocking: that call keeps the table in force, a later one sees the outcome).  A table that
 * cannot be loaded is reported on stderr and the rules in force stay.  No libc, no locks: runs on the hook
 * path, in any thread, signal handlers included.
 */
void rules_follow(uint64_t generation);

#endif
