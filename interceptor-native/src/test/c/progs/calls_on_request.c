/* Makes getppid calls, from glibc and from a raw site of its own, when asked: for what changes while its calls are quiet. */
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "raw_getppid_sites.h"

/*
 *   calls_on_request
 *
 * Reads commands from stdin, one a line, and answers each with one line on stdout (one write(2)):
 *   glibc     getppid() through glibc (a patched site): "glibc = R" (getppid cannot fail, so glibc
 *             hands on what the kernel, or whoever answered, said: -E for an error)
 *   raw       getppid from this program's own syscall instruction (raw_getppid_near_padding: under
 *             SUD its first call rewrites the site to the fast path): "raw = R" (-E for an error)
 *   dlopen L  dlopen(L, RTLD_NOW): "dlopen ok" or "dlopen failed: WHY"
 * So a test can let a program's calls go quiet (nothing wants them), change what wants them from
 * outside or inside, and see what the very next call meets.  At the end of stdin it exits 0.
 */
static void
say(const char *line)
{
	size_t len = strlen(line);
	if (write(1, line, len) != (ssize_t)len)
		_exit(1);
}

int
main(void)
{
	char line[4096], reply[4200];
	while (fgets(line, sizeof line, stdin) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		if (strcmp(line, "glibc") == 0) {
			snprintf(reply, sizeof reply, "glibc = %ld\n", (long)getppid());
		} else if (strcmp(line, "raw") == 0) {
			snprintf(reply, sizeof reply, "raw = %ld\n", raw_getppid_near_padding());
		} else if (strncmp(line, "dlopen ", 7) == 0) {
			if (dlopen(line + 7, RTLD_NOW) != NULL)
				snprintf(reply, sizeof reply, "dlopen ok\n");
			else
				snprintf(reply, sizeof reply, "dlopen failed: %s\n", dlerror());
		} else {
			snprintf(reply, sizeof reply, "unknown command: %s\n", line);
		}
		say(reply);
	}
	return 0;
}
