/* spawn_child PROGRAM ARGS...: runs PROGRAM with posix_spawn and then with fork and execv, and prints how each ended.
 *
 * Built also -static and with musl (test.mk): under sysfault-exec, each child must be covered again
 * (its execve comes back through the loader) and the rules must reach it.
 */
#include <spawn.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static void
print_status(const char *how, int status)
{
	if (WIFEXITED(status))
		printf("%s: exit %d\n", how, WEXITSTATUS(status));
	else
		printf("%s: signal %d\n", how, WTERMSIG(status));
	fflush(stdout);
}

int
main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: spawn_child PROGRAM ARGS...\n");
		return 2;
	}
	pid_t pid;
	int status;
	fflush(stdout);
	if (posix_spawn(&pid, argv[1], NULL, NULL, argv + 1, environ) != 0 || waitpid(pid, &status, 0) != pid) {
		perror("spawn_child: posix_spawn");
		return 1;
	}
	print_status("posix_spawn", status);
	pid = fork();
	if (pid == 0) {
		execv(argv[1], argv + 1);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid) {
		perror("spawn_child: fork");
		return 1;
	}
	print_status("fork", status);
	return 0;
}
