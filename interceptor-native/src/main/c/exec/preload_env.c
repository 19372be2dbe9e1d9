/* LD_PRELOAD for the program sysfault-exec starts: moved aside from another C library's dynamic loader, put back for glibc's. */
#include <stdlib.h>
#include <string.h>
#include "preload_env.h"

#define SAVED "SYSFAULT_PRELOAD"
#define LIBRARY "libsysfault.so"

/* An LD_PRELOAD entry (separated by spaces or colons, as ld.so splits them) that is a libsysfault.so. */
static int
is_ours(const char *entry, size_t len)
{
	size_t n = strlen(LIBRARY);
	return len >= n && memcmp(entry + len - n, LIBRARY, n) == 0 && (len == n || entry[len - n - 1] == '/');
}

void
preload_aside(void)
{
	const char *preload = getenv("LD_PRELOAD");
	if (preload == NULL)
		return;
	char rest[4096] = "";
	size_t used = 0;
	int found = 0;
	for (const char *p = preload; *p != '\0';) {
		size_t len = strcspn(p, " :");
		if (len > 0 && is_ours(p, len))
			found = 1;
		else if (len > 0 && used + len + 2 < sizeof(rest)) {
			if (used > 0)
				rest[used++] = ' ';
			memcpy(rest + used, p, len);
			used += len;
			rest[used] = '\0';
		}
		p += len + (p[len] != '\0');
	}
	if (!found)
		return;
	setenv(SAVED, preload, 1);
	if (used > 0)
		setenv("LD_PRELOAD", rest, 1);
	else
		unsetenv("LD_PRELOAD");
}

void
preload_back(void)
{
	const char *saved = getenv(SAVED);
	if (saved == NULL)
		return;
	setenv("LD_PRELOAD", saved, 1);
	unsetenv(SAVED);
}
