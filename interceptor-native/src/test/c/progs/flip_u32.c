/*
 * flip_u32: rewrites one 32-bit field of a file in place, back and forth, as fast as it can, until
 * it is killed: the writer of RuleTableCheckTest's race (a rule table changed while processes load it).
 *
 *   flip_u32 FILE OFFSET A B
 *
 * Writes A, then B, then A ... (little-endian) at byte OFFSET with pwrite(2), so that a reader
 * that reads the field twice may see both values.  Exits 1 with a message if the first write fails.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc != 5) {
		fprintf(stderr, "usage: flip_u32 FILE OFFSET A B\n");
		return 2;
	}
	int fd = open(argv[1], O_WRONLY);
	off_t offset = (off_t)strtoll(argv[2], NULL, 10);
	uint32_t values[2] = { (uint32_t)strtoul(argv[3], NULL, 10), (uint32_t)strtoul(argv[4], NULL, 10) };
	if (fd < 0 || pwrite(fd, &values[0], 4, offset) != 4) {
		fprintf(stderr, "flip_u32: cannot write %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	for (unsigned i = 1;; i++)
		if (pwrite(fd, &values[i & 1], 4, offset) != 4)
			return 1;
}
