/* How many threads the process runs when start-up begins: patching is safe only while it is one. */
#ifndef SYSFAULT_THREADS_H
#define SYSFAULT_THREADS_H

/* 1 when no other thread shares this process's memory, else the entries of /proc/self/task;
 * -1 when neither can tell (unshare refused, /proc not mounted). */
int running_threads(void);

#endif
