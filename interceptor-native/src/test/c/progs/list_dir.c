/* list_dir DIR: the number of entries in DIR, or why it could not be listed; built also -static and with musl (test.mk).
 *
 *   list_dir DIR     prints "N entries" and exits 0, or "list_dir: DIR: strerror" on stderr and exits 1
 *
 * Under getdents64:error=ENOTSUP it must fail as under strace, whichever C library lists it.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

int
main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: list_dir DIR\n");
		return 2;
	}
	DIR *d = opendir(argv[1]);
	if (d == NULL) {
		fprintf(stderr, "list_dir: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	long n = 0;
	errno = 0;
	while (readdir(d) != NULL)
		n++;
	if (errno != 0) {
		fprintf(stderr, "list_dir: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	closedir(d);
	printf("%ld entries\n", n);
	return 0;
}
