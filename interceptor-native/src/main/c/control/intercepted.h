/* Whether start-up patched this process (init.c decides), for the control API. */
#ifndef SYSFAULT_INTERCEPTED_H
#define SYSFAULT_INTERCEPTED_H

/*
 * NULL when glibc is patched, or while start-up has not decided yet (a hook library's constructor
 * may run before ours); otherwise why this process is not intercepted, e.g. "no libc.so.6 is
 * loaded".  Rules in such a process would never apply.
 */
const char *not_intercepted_because(void);

#endif
