/* LD_PRELOAD for the program sysfault-exec starts: moved aside from another C library's dynamic loader, put back for glibc's. */
#ifndef SYSFAULT_EXEC_PRELOAD_ENV_H
#define SYSFAULT_EXEC_PRELOAD_ENV_H

/*
 * musl's dynamic loader honours LD_PRELOAD too, and would load libsysfault.so (a glibc library) into a
 * musl program.  So for such a program the libsysfault.so entries leave LD_PRELOAD and its whole value
 * waits in SYSFAULT_PRELOAD; every execve of the program comes back through sysfault-exec
 * (hook/exec_check.c), which puts it back when the next program is glibc's.
 */
void preload_aside(void);
void preload_back(void);

#endif
