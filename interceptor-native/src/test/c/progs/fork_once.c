/* Test program: forks once through glibc and waits for the child; prints "child exited 0". */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int
main(void)
{
	pid_t pid = fork();
	if (pid < 0) {
		perror("fork");
		return 1;
	}
	if (pid == 0)
		_exit(0);
	int status;
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) {
		perror("waitpid");
		return 1;
	}
	printf("child exited %d\n", WEXITSTATUS(status));
	return 0;
}
