/* Keeps each library's patch plan on disk, keyed by its build-id, so that only the first process pays for disassembly. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "plan_cache.h"
#include "../nolibc/frame.h"

#define PLAN_MAGIC "SFPLAN\0\1"

struct plan_file_header {
	char magic[8];
	uint32_t site_size;
	uint32_t count;
	uint64_t false_candidates;
	uint64_t text_start, text_len;
	uint8_t lib_build_id[20];
	uint8_t own_build_id[20];
	uint8_t lib_build_id_len, own_build_id_len;
	uint8_t unused[6];
	uint64_t checksum;
};

/* FNV-1a over 8-byte words (the site array is a multiple of 8 bytes long). */
static uint64_t
checksum(const void *data, size_t len)
{
	const uint8_t *p = data;
	uint64_t h = 0xcbf29ce484222325ULL;
	for (size_t i = 0; i + 8 <= len; i += 8) {
		uint64_t w;
		memcpy(&w, p + i, 8);
		h = (h ^ w) * 0x100000001b3ULL;
	}
	return h;
}

_Static_assert(sizeof(struct patch_site) % 8 == 0, "checksum works on whole words");

/* A private directory: ours, not writable by others.  Creates it when asked. */
static int
usable_dir(const char *dir, int create)
{
	struct stat st;
	if (create)
		mkdir(dir, 0700);
	/* glibc >= 2.33 exports stat() under a new version; the kernel call works on every glibc */
	if (sysfault_raw_syscall(SYS_newfstatat, AT_FDCWD, (long)dir, (long)&st, 0, 0, 0) != 0 ||
	    !S_ISDIR(st.st_mode))
		return 0;
	return st.st_uid == geteuid() && (st.st_mode & 022) == 0;
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
			mkdir(parent, 0700);
		snprintf(out, size, "%s/.cache/sysfault", home);
		if (usable_dir(out, create))
			return 1;
	}
	snprintf(out, size, "/tmp/sysfault-%u", (unsigned)geteuid());
	return usable_dir(out, create);
}

static int
plan_path(const struct loaded_lib *lib, char *out, size_t size, int create)
{
	char dir[4096];
	if (lib->build_id_len == 0 || !cache_dir(dir, sizeof(dir), create))
		return 0;
	char id[41];
	for (unsigned i = 0; i < lib->build_id_len; i++)
		snprintf(id + 2 * i, 3, "%02x", lib->build_id[i]);
	id[2 * lib->build_id_len] = '\0';
	return snprintf(out, size, "%s/%s-%s.plan", dir, lib->name, id) < (int)size;
}

static void
fill_header(struct plan_file_header *h, const struct loaded_lib *lib, const struct patch_plan *plan)
{
	memset(h, 0, sizeof(*h));
	memcpy(h->magic, PLAN_MAGIC, 8);
	h->site_size = sizeof(struct patch_site);
	h->count = (uint32_t)plan->count;
	h->false_candidates = plan->false_candidates;
	h->text_start = lib->text_start;
	h->text_len = lib->text_len;
	memcpy(h->lib_build_id, lib->build_id, lib->build_id_len);
	h->lib_build_id_len = lib->build_id_len;
	memcpy(h->own_build_id, sysfault_own_build_id, 20);
	h->own_build_id_len = 20;
	h->checksum = checksum(plan->sites, plan->count * sizeof(struct patch_site));
}

static int
read_all(int fd, void *buf, size_t len)
{
	for (size_t done = 0; done < len;) {
		ssize_t n = read(fd, (char *)buf + done, len - done);
		if (n <= 0) {
			if (n < 0 && errno == EINTR)
				continue;
			return -1;
		}
		done += (size_t)n;
	}
	return 0;
}

int
plan_cache_load(const struct loaded_lib *lib, struct patch_plan *plan)
{
	char path[4200];
	memset(plan, 0, sizeof(*plan));
	if (!plan_path(lib, path, sizeof(path), 0))
		return -1;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	struct plan_file_header h, want;
	struct patch_plan empty = { 0 };
	fill_header(&want, lib, &empty);
	if (read_all(fd, &h, sizeof(h)) < 0 || memcmp(h.magic, want.magic, 8) != 0 ||
	    h.site_size != want.site_size || h.text_start != want.text_start ||
	    h.text_len != want.text_len || h.lib_build_id_len != want.lib_build_id_len ||
	    memcmp(h.lib_build_id, want.lib_build_id, sizeof(h.lib_build_id)) != 0 ||
	    memcmp(h.own_build_id, want.own_build_id, sizeof(h.own_build_id)) != 0 ||
	    h.count > 1000000) {
		close(fd);
		return -1;
	}
	plan->sites = malloc((h.count ? h.count : 1) * sizeof(struct patch_site));
	if (plan->sites == NULL || read_all(fd, plan->sites, h.count * sizeof(struct patch_site)) < 0 ||
	    checksum(plan->sites, h.count * sizeof(struct patch_site)) != h.checksum) {
		close(fd);
		free(plan->sites);
		plan->sites = NULL;
		return -1;
	}
	close(fd);
	plan->count = h.count;
	plan->false_candidates = h.false_candidates;
	return 0;
}

void
plan_cache_store(const struct loaded_lib *lib, const struct patch_plan *plan)
{
	char path[4200], tmp[4300];
	if (!plan_path(lib, path, sizeof(path), 1))
		return;
	snprintf(tmp, sizeof(tmp), "%s.%d.tmp", path, (int)getpid());
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return;
	struct plan_file_header h;
	fill_header(&h, lib, plan);
	size_t body = plan->count * sizeof(struct patch_site);
	int ok = write(fd, &h, sizeof(h)) == (ssize_t)sizeof(h) &&
	         write(fd, plan->sites, body) == (ssize_t)body;
	ok = close(fd) == 0 && ok;
	if (!ok || rename(tmp, path) != 0)
		unlink(tmp);
}
