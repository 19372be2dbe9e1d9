/*
 * close_fails FILE: opens FILE, closes it, and prints what close returned and whether the
 * descriptor is still open afterwards ("close=EIO fd=closed").  Under close:error=EIO it shows
 * whether an injected close failure releases the descriptor, as the kernel's does.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: close_fails FILE\n");
		return 2;
	}
	int fd = open(argv[1], O_RDONLY | O_CREAT, 0600);
	if (fd < 0) {
		perror(argv[1]);
		return 1;
	}
	int closed = close(fd);
	int close_errno = errno;
	int still_open = fcntl(fd, F_GETFD) != -1;
	printf("close=%s fd=%s\n", closed == 0 ? "ok" : close_errno == EIO ? "EIO" : strerror(close_errno),
	       still_open ? "open" : "closed");
	return 0;
}
