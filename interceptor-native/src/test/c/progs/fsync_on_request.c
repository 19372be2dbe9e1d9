/*
 * fsync_on_request: fsyncs a file when asked, in itself or in a child it forked at start, for the tests of
 * rules swapped while a program runs (RunningProgramInjectTest).
 *
 *   fsync_on_request REQUESTS REPLIES FILE
 *
 * REQUESTS and REPLIES are FIFOs, opened in that order.  Forks a child, then reads lines from REQUESTS:
 * "parent" makes the parent fsync FILE, "child" makes the child do it; whichever did writes one line to
 * REPLIES, "parent ok", "child EIO" or "parent errno N".  At the end of REQUESTS both exit 0.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void fsync_and_reply(const char *who, int file, int replies)
{
	char line[64];
	int n = fsync(file) == 0 ? snprintf(line, sizeof line, "%s ok\n", who)
	      : errno == EIO     ? snprintf(line, sizeof line, "%s EIO\n", who)
	                         : snprintf(line, sizeof line, "%s errno %d\n", who, errno);
	if (write(replies, line, (size_t)n) != n)
		_exit(3);
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: fsync_on_request REQUESTS REPLIES FILE\n");
		return 2;
	}
	FILE *requests = fopen(argv[1], "r");
	int replies = open(argv[2], O_WRONLY);
	int file = open(argv[3], O_WRONLY | O_CREAT, 0600);
	int to_child[2];
	if (requests == NULL || replies < 0 || file < 0 || pipe(to_child) != 0) {
		perror("fsync_on_request");
		return 2;
	}
	pid_t child = fork();
	if (child < 0) {
		perror("fork");
		return 2;
	}
	if (child == 0) {
		close(to_child[1]);
		char c;
		while (read(to_child[0], &c, 1) == 1)
			fsync_and_reply("child", file, replies);
		_exit(0);
	}
	close(to_child[0]);
	char line[64];
	while (fgets(line, sizeof line, requests) != NULL) {
		if (strcmp(line, "parent\n") == 0)
			fsync_and_reply("parent", file, replies);
		else if (strcmp(line, "child\n") == 0 && write(to_child[1], "c", 1) != 1)
			return 3;
	}
	close(to_child[1]);
	int status;
	return waitpid(child, &status, 0) == child && WIFEXITED(status) ? WEXITSTATUS(status) : 4;
}
