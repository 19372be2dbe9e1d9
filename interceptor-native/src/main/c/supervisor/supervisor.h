/* What the supervisor's files share: starting the command, and ending every process of the run. */
#ifndef SYSFAULT_SUPERVISOR_H
#define SYSFAULT_SUPERVISOR_H

#include <signal.h>
#include <sys/types.h>

/*
 * Forks and, in the child, restores `mask` and `sigchld` and execs `argv` as Java's ProcessBuilder would
 * (a name without '/' is searched in `search_path`, the JVM's PATH). The child reports the outcome on
 * `report`, a close-on-exec socket, on which this process writes "pid PID" and the child, if its exec
 * fails, "error ERRNO TEXT" (one line each). Returns the child's pid, or -1 if fork failed (then the
 * report is that error).
 */
pid_t launch(char **argv, const char *search_path, int report, const sigset_t *mask,
	     const struct sigaction *sigchld);

/*
 * Before exec, in the child: if `file` is an ELF program that does not load glibc's dynamic loader
 * (static, musl, Go), libsysfault.so in LD_PRELOAD cannot reach it; it is exec'd through sysfault-exec
 * (SYSFAULT_EXEC) with argv, and returns only if that cannot be (no loader, not x86-64): then stderr
 * says so, and with SYSFAULT_STRICT=1 the child exits with 86 instead of running it unhooked (coverage.c).
 */
void cover_or_say(const char *file, char **argv);

/* SIGKILLs every child, and the orphans that then come to this subreaper, and reaps them all. */
void end_descendants(void);

#endif
