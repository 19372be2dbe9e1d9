/* The calling thread's pid and tid without a syscall per use: cached in thread-local storage. */
#ifndef SYSFAULT_OWN_IDS_H
#define SYSFAULT_OWN_IDS_H

long sysfault_own_pid(void);
long sysfault_own_tid(void);

/* After a clone-family call, in parent and child: the cache may now hold someone else's ids. */
void sysfault_forget_own_ids(void);

#endif
