/* Prints the version of the glibc this program runs on, so a test can tell which libc it got. */
#include <gnu/libc-version.h>
#include <stdio.h>

int
main(void)
{
	printf("%s\n", gnu_get_libc_version());
	return 0;
}
