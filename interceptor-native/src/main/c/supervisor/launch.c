/* Starts the command in a child, as Java's ProcessBuilder would have, and tells Java whether its exec worked. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "supervisor.h"

/* "error ERRNO TEXT" on the report socket: what ProcessBuilder.start would have said in its IOException. */
static void
report_failure(int report, int error)
{
	char line[256];
	int n = snprintf(line, sizeof(line), "error %d %s\n", error, strerror(error));
	if (n > 0)
		(void)!write(report, line, (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1);
}

/* execve, and for a file the kernel cannot run (no #! line) /bin/sh with it, as the JDK and execvp do. */
static void
exec_file(const char *file, char **argv)
{
	extern char **environ;
	cover_or_say(file, argv);
	execve(file, argv, environ);
	if (errno != ENOEXEC)
		return;
	int argc = 0;
	while (argv[argc] != NULL)
		argc++;
	char **shell = calloc((size_t)argc + 2, sizeof(char *));
	if (shell == NULL)
		return;
	shell[0] = "/bin/sh";
	shell[1] = (char *)file;
	for (int i = 1; i <= argc; i++)
		shell[i + 1] = argv[i];
	execve("/bin/sh", shell, environ);
	errno = ENOEXEC;
}

/*
 * The JDK searches the JVM's PATH (not the command's), an empty entry meaning ".", goes on past ENOENT,
 * ENOTDIR and the like, remembers EACCES, and stops at any other error.
 */
static void
exec_command(char **argv, const char *search_path)
{
	const char *name = argv[0];
	if (name[0] == '\0') {
		errno = ENOENT;
		return;
	}
	if (strchr(name, '/') != NULL) {
		exec_file(name, argv);
		return;
	}
	size_t name_len = strlen(name);
	int sticky = 0, last = ENOENT;
	for (const char *dir = search_path;; dir++) {
		const char *end = strchrnul(dir, ':');
		size_t dir_len = end == dir ? 1 : (size_t)(end - dir);
		char *file = malloc(dir_len + name_len + 2);
		if (file == NULL)
			return;
		memcpy(file, end == dir ? "." : dir, dir_len);
		file[dir_len] = '/';
		memcpy(file + dir_len + 1, name, name_len + 1);
		exec_file(file, argv);
		int error = errno;
		free(file);
		last = error;
		if (error == EACCES)
			sticky = EACCES;
		else if (error != ENOENT && error != ENOTDIR && error != ELOOP && error != ESTALE
			 && error != ENODEV && error != ETIMEDOUT)
			return;
		if (*end == '\0')
			break;
		dir = end;
	}
	errno = sticky != 0 ? sticky : last;
}

pid_t
launch(char **argv, const char *search_path, int report, const sigset_t *mask, const struct sigaction *sigchld)
{
	pid_t pid = fork();
	if (pid < 0) {
		report_failure(report, errno);
		return pid;
	}
	if (pid > 0) {
		/* The command's pid is the one its trace shows, and the one Java calls the program's. */
		char line[32];
		int n = snprintf(line, sizeof(line), "pid %d\n", (int)pid);
		(void)!write(report, line, (size_t)n);
		return pid;
	}
	sigaction(SIGCHLD, sigchld, NULL);
	sigprocmask(SIG_SETMASK, mask, NULL);
	exec_command(argv, search_path);
	int error = errno;
	report_failure(report, error);
	_exit(error == ENOENT ? 127 : 126);
}
