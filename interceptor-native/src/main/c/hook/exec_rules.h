/* Before an execve: a program started from a rule scope gets the scope's rules, as a worker's programs get the worker's. */
#ifndef SYSFAULT_EXEC_RULES_H
#define SYSFAULT_EXEC_RULES_H

#include "frame.h"

/*
 * "SYSFAULT_RULES=<path>": the table sysfault_load_rules last loaded, or the one this process was started
 * with when it got it passed on (below); empty: none.  Written by the control API and start-up (libc
 * allowed there), read on the hook path.
 */
#define EXEC_RULES_ENV_MAX 4112
extern char sysfault_exec_rules_env[EXEC_RULES_ENV_MAX] __attribute__((visibility("hidden")));

/*
 * Set at start-up when SYSFAULT_RULES_PASSED=1: this process got its rules from a scoped thread's execve
 * (a program the body started, or a helper such as the JVM's jspawnhelper that execs it in turn), so the
 * programs it starts get them too, whatever environment it gives them.
 */
extern int sysfault_exec_rules_passed __attribute__((visibility("hidden")));

/*
 * f is an execve about to run from a thread whose rules should follow it: its environment
 * becomes a copy without SYSFAULT_RULES and SYSFAULT_RULES_PASSED, plus those two (in memory mapped for
 * it, left mapped if the execve fails).  Nothing changes when there is no table path, or no memory.
 */
void sysfault_exec_give_rules(struct syscall_frame *f);

#endif
