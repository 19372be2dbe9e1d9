/* Where cached patch plans and patched images live: a private directory of the user's, opened once and trusted only after checks on its descriptors.
 *
 * Trust policy (junit-extension's run/CacheDirectory.java applies the same one to its cache; keep them equal).
 * The cache holds code that this process maps executable, and the process may run as root, so
 * nothing in it may be changeable by another user, nor swappable between a check and its use.
 *
 *   Candidates, in order: $SYSFAULT_CACHE_DIR (set but empty: no cache at all),
 *   $XDG_CACHE_HOME/sysfault, $HOME/.cache/sysfault, /tmp/sysfault-<euid>.  A refused candidate
 *   falls through to the next one, silently unless SYSFAULT_DEBUG is set (the program under test's
 *   stderr is its own).
 *
 *   A candidate is resolved with realpath() (symlinked homes keep working), then that resolved
 *   path is walked from "/" one component at a time with openat(parent, name, O_PATH | O_DIRECTORY
 *   | O_NOFOLLOW) and fstat() on each descriptor; the walk is the check, so a symlink or a rename
 *   after realpath() can only make it fail.  Every directory on the way must be owned by the
 *   effective uid or by root and not be writable by group or others, except a sticky directory
 *   (like /tmp): the entry below it is then ours or root's, which the rule for that entry already
 *   demands.  The cache directory itself must be owned by the effective uid and not be writable
 *   by group or others.  Missing trailing components (the cache directory, and .cache under
 *   $HOME) are made 0700 with mkdirat() on the checked parent's descriptor, then checked.
 *
 *   Files are reached only through the kept directory descriptor, with openat(dir, name,
 *   O_NOFOLLOW), and used only if fstat() on their descriptor shows a regular file owned by the
 *   effective uid and not writable by group or others.  New files are written under a temporary
 *   name made with O_CREAT | O_EXCL | O_NOFOLLOW, mode 0600, and renamed with renameat(); every
 *   failure removes the temporary file.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "cache_dir.h"
#include "raw_io/raw_io.h"
#include "raw_io/report.h"

#define CACHE_OPEN_DIR (O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)

/* Why a directory on the walk is not trusted, or NULL when it is. */
static const char *
dir_problem(const struct stat *st, uid_t euid, int is_cache_dir)
{
	if (!S_ISDIR(st->st_mode))
		return "is not a directory";
	if (is_cache_dir)
		return st->st_uid != euid ? "is not owned by this user"
		       : (st->st_mode & 022) ? "is writable by group or others" : NULL;
	if (st->st_uid != euid && st->st_uid != 0)
		return "is owned by another user";
	if ((st->st_mode & 022) && !(st->st_mode & S_ISVTX))
		return "is writable by group or others and not sticky";
	return NULL;
}

/*
 * Walks the resolved absolute path from "/"; the last `creatable` components may be made.
 * Returns the cache directory's descriptor, or -1 (reported when debug).
 */
static long
walk(const char *path, int creatable, int debug)
{
	uid_t euid = (uid_t)raw_geteuid();
	int total = 0;
	for (const char *p = path; *p != '\0'; p++)
		total += p[0] == '/' && p[1] != '/' && p[1] != '\0';
	long fd = raw_openat(AT_FDCWD, "/", CACHE_OPEN_DIR, 0);
	char walked[PATH_MAX] = "";
	size_t walked_len = 0;
	const char *why = "cannot be opened", *name = path;
	struct stat st;
	int index = 0;
	if (fd < 0 || raw_fstat(fd, &st) != 0 || (why = dir_problem(&st, euid, total == 0)) != NULL)
		goto refused;
	while (*name != '\0') {
		while (*name == '/')
			name++;
		size_t len = strcspn(name, "/");
		if (len == 0)
			break;
		char component[NAME_MAX + 1];
		if (len > NAME_MAX || walked_len + len + 1 >= sizeof(walked)) {
			why = "is too long";
			goto refused;
		}
		memcpy(component, name, len);
		component[len] = '\0';
		walked[walked_len++] = '/';
		memcpy(walked + walked_len, name, len + 1);
		walked_len += len;
		walked[walked_len] = '\0';
		name += len;
		index++;
		if (strcmp(component, ".") == 0 || strcmp(component, "..") == 0) {
			why = "is not a resolved path";
			goto refused;
		}
		long next = raw_openat(fd, component, CACHE_OPEN_DIR, 0);
		if (next == -ENOENT && index > total - creatable) {
			raw_mkdirat(fd, component, 0700);
			next = raw_openat(fd, component, CACHE_OPEN_DIR, 0);
		}
		raw_close(fd);
		fd = next;
		if (fd < 0) {
			why = fd == -ENOTDIR || fd == -ELOOP ? "is not a directory (a symlink?)" : "cannot be opened";
			goto refused;
		}
		why = "cannot be opened";
		if (raw_fstat(fd, &st) != 0 || (why = dir_problem(&st, euid, index == total)) != NULL)
			goto refused;
	}
	return fd;
refused:
	if (fd >= 0)
		raw_close(fd);
	if (debug)
		report("sysfault: cache directory %s not used: %s %s", path, walked_len ? walked : "/", why);
	return -1;
}

/* realpath() of the candidate, or of its nearest existing ancestor at most `creatable` levels up. */
static int
resolve(const char *candidate, int creatable, char *out)
{
	char head[PATH_MAX];
	if (snprintf(head, sizeof(head), "%s", candidate) >= (int)sizeof(head))
		return -1;
	for (int stripped = 0;; stripped++) {
		if (realpath(head, out) != NULL) {
			size_t len = strlen(out);
			const char *tail = candidate + strlen(head);
			if (len + strlen(tail) >= PATH_MAX)
				return -1;
			memcpy(out + (len == 1 ? 0 : len), tail, strlen(tail) + 1);   /* "/" + "/x" is "/x" */
			return 0;
		}
		char *slash = strrchr(head, '/');
		if (errno != ENOENT || stripped == creatable || slash == NULL || slash == head)
			return -1;
		*slash = '\0';
	}
}

static long
try_candidate(const char *candidate, int creatable, int debug)
{
	char resolved[PATH_MAX];
	if (resolve(candidate, creatable, resolved) != 0) {
		if (debug)
			report("sysfault: cache directory %s not used: its path cannot be resolved", candidate);
		return -1;
	}
	return walk(resolved, creatable, debug);
}

long
cache_dir_open(int debug)
{
	char candidate[PATH_MAX];
	const char *explicit_dir = getenv("SYSFAULT_CACHE_DIR");
	if (explicit_dir != NULL)
		return explicit_dir[0] == '\0' ? -1 : try_candidate(explicit_dir, 1, debug);
	long fd = -1;
	const char *xdg = getenv("XDG_CACHE_HOME");
	if (xdg != NULL && xdg[0] == '/' &&
	    snprintf(candidate, sizeof(candidate), "%s/sysfault", xdg) < (int)sizeof(candidate))
		fd = try_candidate(candidate, 1, debug);
	const char *home = getenv("HOME");
	if (fd < 0 && home != NULL && home[0] == '/' &&
	    snprintf(candidate, sizeof(candidate), "%s/.cache/sysfault", home) < (int)sizeof(candidate))
		fd = try_candidate(candidate, 2, debug);
	if (fd < 0) {
		snprintf(candidate, sizeof(candidate), "/tmp/sysfault-%u", (unsigned)raw_geteuid());
		fd = try_candidate(candidate, 1, debug);
	}
	return fd;
}

int
cache_file_name(const struct loaded_lib *lib, const char *suffix, char *out, size_t size)
{
	if (lib->build_id_len == 0)
		return 0;
	char id[41];
	for (unsigned i = 0; i < lib->build_id_len; i++)
		snprintf(id + 2 * i, 3, "%02x", lib->build_id[i]);
	id[2 * lib->build_id_len] = '\0';
	int n = snprintf(out, size, "%s-%s%s", lib->name, id, suffix);
	return n > 0 && n < (int)size && n <= NAME_MAX;
}

long
cache_file_open(long dir, const char *name)
{
	if (dir < 0)
		return -1;
	long fd = raw_openat(dir, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	struct stat st;
	if (raw_fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != (uid_t)raw_geteuid() ||
	    (st.st_mode & 022) != 0) {
		raw_close(fd);
		return -1;
	}
	return fd;
}

void
cache_file_store(long dir, const char *name, const struct cache_part *parts, size_t nparts)
{
	char tmp[NAME_MAX + 1];
	if (dir < 0 || snprintf(tmp, sizeof(tmp), "%s.%ld.tmp", name, raw_getpid()) >= (int)sizeof(tmp))
		return;
	long fd = raw_openat(dir, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return;
	int ok = 1;
	for (size_t i = 0; i < nparts && ok; i++)
		ok = raw_write_all(fd, parts[i].data, parts[i].len) == 0;
	ok = raw_close(fd) == 0 && ok;
	if (!ok || raw_renameat(dir, tmp, dir, name) != 0)
		raw_unlinkat(dir, tmp, 0);
}
