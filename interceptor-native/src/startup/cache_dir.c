/* Where cached patch plans and patched images live: a private directory of the user's. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "cache_dir.h"
#include "raw_io.h"

/* A private directory: ours, not writable by others.  Creates it when asked. */
static int
usable_dir(const char *dir, int create)
{
	struct stat st;
	if (create)
		raw_mkdir(dir, 0700);
	if (raw_stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return 0;
	return st.st_uid == (uid_t)raw_geteuid() && (st.st_mode & 022) == 0;
}

static int
cache_dir(char *out, size_t size, int create)
{
	const char *explicit_dir = getenv("SYSFAULT_CACHE_DIR");
	if (explicit_dir != NULL) {
		if (explicit_dir[0] == '\0')
			return 0;
		snprintf(out, size, "%s", explicit_dir);
		return usable_dir(out, create);
	}
	const char *xdg = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");
	if (xdg != NULL && xdg[0] == '/') {
		snprintf(out, size, "%s/sysfault", xdg);
		if (usable_dir(out, create))
			return 1;
	}
	if (home != NULL && home[0] == '/') {
		char parent[4096];
		snprintf(parent, sizeof(parent), "%s/.cache", home);
		if (create)
			raw_mkdir(parent, 0700);
		snprintf(out, size, "%s/.cache/sysfault", home);
		if (usable_dir(out, create))
			return 1;
	}
	snprintf(out, size, "/tmp/sysfault-%u", (unsigned)raw_geteuid());
	return usable_dir(out, create);
}

int
cache_path(const struct loaded_lib *lib, const char *suffix, char *out, size_t size, int create)
{
	char dir[4096];
	if (lib->build_id_len == 0 || !cache_dir(dir, sizeof(dir), create))
		return 0;
	char id[41];
	for (unsigned i = 0; i < lib->build_id_len; i++)
		snprintf(id + 2 * i, 3, "%02x", lib->build_id[i]);
	id[2 * lib->build_id_len] = '\0';
	return snprintf(out, size, "%s/%s-%s%s", dir, lib->name, id, suffix) < (int)size;
}
