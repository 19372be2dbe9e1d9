/* sysfault-exec's SIGSYS handler (sigsys.c) and the first C a new thread runs (clone_child.S calls it). */
#ifndef SYSFAULT_EXEC_SIGSYS_H
#define SYSFAULT_EXEC_SIGSYS_H

/*
 * Installed instead of the library's sysfault_sud_sigsys, which it calls for every call but
 * these: rt_sigreturn and the clone family whose child needs the caller's frame, which the
 * library runs again at their own site with the selector at ALLOW until the next patched call
 * (a program started by sysfault-exec has none), and %gs, which holds our per-thread state.
 */
void sysfault_exec_sigsys(int sig, void *info, void *context);

/* The program's own path (absolute), what /proc/self/exe means to it: set by main before it starts. */
extern char sysfault_exec_program[4096];

/* On a new thread, its block already its %gs: arms it and gives the dispatcher the child's side of the clone. */
void sysfault_exec_thread_started(void);

#endif
