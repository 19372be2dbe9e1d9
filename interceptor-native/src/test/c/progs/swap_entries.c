/*
 * swap_entries: an attacker's tool for CacheTrustTest: swaps two directory entries back and forth
 * as fast as it can, atomically, until it is killed.
 *
 *   swap_entries A B
 *
 * Each round exchanges A and B with renameat2(RENAME_EXCHANGE), so that at any moment one of the
 * two things they name is at A: a process that checks A and then uses A again may meet either.
 * Exits 1 with a message if the first exchange fails.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: swap_entries A B\n");
		return 2;
	}
	if (syscall(SYS_renameat2, AT_FDCWD, argv[1], AT_FDCWD, argv[2], RENAME_EXCHANGE) != 0) {
		fprintf(stderr, "swap_entries: cannot exchange %s and %s: %s\n", argv[1], argv[2], strerror(errno));
		return 1;
	}
	for (;;)
		syscall(SYS_renameat2, AT_FDCWD, argv[1], AT_FDCWD, argv[2], RENAME_EXCHANGE);
}
