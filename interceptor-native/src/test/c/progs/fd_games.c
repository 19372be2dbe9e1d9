/*
 * fd_games DIR: opens DIR/wal/seg1 and DIR/other/data, passes the descriptors through dup, dup2,
 * dup3, fcntl(F_DUPFD/F_DUPFD_CLOEXEC), close and reuse, and fork, and after each step writes one
 * byte through each descriptor it holds, printing "<step> <what the fd is> write=<ok|ERRNO>".
 * Run under a rule like write:error=EIO with an fd_path glob for DIR/wal/ it shows which
 * descriptors the interceptor believes point into wal/.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *
errno_name(int e)
{
	switch (e) {
	case EIO: return "EIO";
	case ENOSPC: return "ENOSPC";
	case EBADF: return "EBADF";
	case EACCES: return "EACCES";
	default: return "other";
	}
}

static void
try_write(const char *step, const char *what, int fd)
{
	ssize_t n = write(fd, "x", 1);
	printf("%s %s write=%s\n", step, what, n == 1 ? "ok" : errno_name(errno));
	fflush(stdout);
}

static int
open_in(const char *dir, const char *sub, const char *name)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", dir, sub);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/%s/%s", dir, sub, name);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0) {
		perror(path);
		exit(2);
	}
	return fd;
}

int
main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: fd_games DIR\n");
		return 2;
	}
	int wal = open_in(argv[1], "wal", "seg1");
	int other = open_in(argv[1], "other", "data");
	try_write("open", "wal", wal);
	try_write("open", "other", other);

	int d = dup(wal);
	try_write("dup", "wal-copy", d);
	dup2(other, d);                       /* d now names "other": what it was must be forgotten */
	try_write("dup2", "other-over-wal-copy", d);
	dup3(wal, d, O_CLOEXEC);
	try_write("dup3", "wal-over-it-again", d);
	int f = fcntl(wal, F_DUPFD, 100);
	try_write("fcntl-dupfd", "wal-at-100+", f);
	int g = fcntl(other, F_DUPFD_CLOEXEC, 200);
	try_write("fcntl-dupfd-cloexec", "other-at-200+", g);

	close(wal);                           /* the number is free; the next open reuses it */
	int reused = open_in(argv[1], "other", "reused");
	printf("reuse same-number=%s\n", reused == wal ? "yes" : "no");
	try_write("reuse", "other-in-old-wal-number", reused);
	try_write("after-close", "wal-copy-still-open", d);

	pid_t child = fork();
	if (child == 0) {
		try_write("child", "wal-copy", d);
		try_write("child", "other", other);
		_exit(0);
	}
	int status;
	waitpid(child, &status, 0);
	try_write("parent", "wal-copy", d);
	return 0;
}
