/* Whether start-up patched this process: startup/init.c records it here, the control API reads it. */
#ifndef SYSFAULT_INTERCEPTED_H
#define SYSFAULT_INTERCEPTED_H

/*
 * Kept here, not in start-up, so that the control API depends on nothing above it: start-up
 * writes these, once, before main() (and before any thread but its own can ask).
 */

/* -1 until start-up has decided, then 1 when this process is patched, 0 when not. */
extern int sysfault_process_patched;
/* Why not, when sysfault_process_patched is 0, e.g. "no libc.so.6 is loaded". */
extern char sysfault_why_not_patched[160];

/*
 * NULL when glibc is patched, or while start-up has not decided yet (a hook library's constructor
 * may run before ours); otherwise why this process is not intercepted, e.g. "no libc.so.6 is
 * loaded".  Rules in such a process would never apply.
 */
const char *not_intercepted_because(void);

#endif
