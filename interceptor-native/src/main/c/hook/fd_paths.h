/* Which path each file descriptor was opened for, for rules with FD_PATH. */
#ifndef SYSFAULT_FD_PATHS_H
#define SYSFAULT_FD_PATHS_H

#include "frame.h"

/*
 * Maps the per-process table and turns tracking on, for good: the first table with an FD_PATH
 * rule calls it (at start-up or from sysfault_load_rules; safe from several threads at once).
 * 0 or -1.
 */
int sysfault_fd_paths_init(void);

/* 1 once tracking is on: every call that changes descriptors is then followed, whatever the
 * rules in force, so that the paths stay right across tables. */
extern int sysfault_fd_paths_tracked __attribute__((visibility("hidden")));

static inline int
sysfault_fd_paths_on(void)
{
	return __atomic_load_n(&sysfault_fd_paths_tracked, __ATOMIC_RELAXED);
}

#define FD_PATH_SCRATCH 512

/*
 * The absolute path the kernel reports for fd (/proc/self/fd/N), cached until
 * the descriptor is closed or replaced.  Returns its length and points *path
 * at it (in the cache or in scratch), or -1 when there is none (a bad fd, or
 * a path of FD_PATH_SCRATCH bytes or more).
 */
long sysfault_fd_path(long fd, char scratch[FD_PATH_SCRATCH], const char **path);

/* Is nr a call that creates, replaces or closes descriptors? */
int sysfault_fd_call(long nr);

/* Forgets what a call is about to change (before it runs) and what it changed (after, with its result). */
void sysfault_fd_paths_before(const struct syscall_frame *f);
void sysfault_fd_paths_after(const struct syscall_frame *f, long result);

#endif
