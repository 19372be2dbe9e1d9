/* Test library that stands for code another user planted in sysfault's cache: loaded, it creates the file that PLANTED_CODE_MARKER names, so a trust test sees whether it ran. */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

__attribute__((constructor)) static void
planted(void)
{
	const char *marker = getenv("PLANTED_CODE_MARKER");
	if (marker == NULL)
		return;
	int fd = open(marker, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	if (fd >= 0)
		close(fd);
}
