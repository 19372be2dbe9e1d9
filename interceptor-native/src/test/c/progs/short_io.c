/*
 * short_io FILE: one write of 10 bytes to FILE and one read of 10 bytes back, each printing
 * the count the call returned, so that a shortened call is seen as the program sees it.
 */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: short_io FILE\n");
		return 2;
	}
	int fd = open(argv[1], O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0) {
		perror(argv[1]);
		return 2;
	}
	printf("write returned %zd\n", write(fd, "0123456789", 10));
	char buf[10];
	printf("read returned %zd\n", pread(fd, buf, sizeof(buf), 0));
	return 0;
}
