/* Keeps each library's patch plan on disk, keyed by its build-id, so that only the first process pays for disassembly. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cache_dir.h"
#include "raw_io/raw_io.h"
#include "plan_cache.h"

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

int
plan_cache_load(const struct loaded_lib *lib, long cache_dir, struct patch_plan *plan)
{
	char name[256];
	memset(plan, 0, sizeof(*plan));
	long fd = cache_file_name(lib, ".plan", name, sizeof(name)) ? cache_file_open(cache_dir, name) : -1;
	if (fd < 0)
		return -1;
	struct plan_file_header h, want;
	struct patch_plan empty = { 0 };
	fill_header(&want, lib, &empty);
	if (raw_read_all(fd, &h, sizeof(h)) < 0 || memcmp(h.magic, want.magic, 8) != 0 ||
	    h.site_size != want.site_size || h.text_start != want.text_start ||
	    h.text_len != want.text_len || h.lib_build_id_len != want.lib_build_id_len ||
	    memcmp(h.lib_build_id, want.lib_build_id, sizeof(h.lib_build_id)) != 0 ||
	    memcmp(h.own_build_id, want.own_build_id, sizeof(h.own_build_id)) != 0 ||
	    h.count > 1000000) {
		raw_close(fd);
		return -1;
	}
	plan->sites = malloc((h.count ? h.count : 1) * sizeof(struct patch_site));
	if (plan->sites == NULL || raw_read_all(fd, plan->sites, h.count * sizeof(struct patch_site)) < 0 ||
	    checksum(plan->sites, h.count * sizeof(struct patch_site)) != h.checksum) {
		raw_close(fd);
		free(plan->sites);
		plan->sites = NULL;
		return -1;
	}
	raw_close(fd);
	plan->count = h.count;
	plan->false_candidates = h.false_candidates;
	return 0;
}

void
plan_cache_store(const struct loaded_lib *lib, long cache_dir, const struct patch_plan *plan)
{
	char name[256];
	if (cache_dir < 0 || !cache_file_name(lib, ".plan", name, sizeof(name)))
		return;
	struct plan_file_header h;
	fill_header(&h, lib, plan);
	struct cache_part parts[] = {
		{ &h, sizeof(h) },
		{ plan->sites, plan->count * sizeof(struct patch_site) },
	};
	cache_file_store(cache_dir, name, parts, 2);
}
