/* A library's patched text pages and trampolines, kept in a file that later processes map instead of patching.
 *
 * File layout (one page each line, page aligned):
 *   header                       struct image_header, zero padded
 *   patched text pages           the library's text pages [span_start, span_start + span_len)
 *   trampoline pages             the area from its second page on (its first page holds the
 *                                entry/exit slots, which differ per process, and stays anonymous)
 * Everything in it is position independent relative to the library's load
 * address, provided the trampolines sit at area_offset from it again.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include "cache_dir.h"
#include "patched_image.h"
#include "raw_io/raw_io.h"
#include "contracts/trampoline_layout.h"

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

#define PAGE 4096UL
#define IMAGE_MAGIC "SFIMAGE\1"

struct image_header {
	char magic[8];
	uint8_t lib_build_id[20];
	uint8_t own_build_id[20];
	uint8_t lib_build_id_len;
	uint8_t unused[7];
	uint64_t text_start, text_len;   /* must match the loaded library */
	uint64_t span_start, span_len;   /* the patched text pages, from the load address */
	int64_t area_offset;             /* trampoline area address minus load address */
	uint64_t area_len;               /* including the slot page */
	uint64_t unpatched;
};

static void
expected_header(const struct loaded_lib *lib, struct image_header *h)
{
	memset(h, 0, sizeof(*h));
	memcpy(h->magic, IMAGE_MAGIC, 8);
	memcpy(h->lib_build_id, lib->build_id, lib->build_id_len);
	h->lib_build_id_len = lib->build_id_len;
	memcpy(h->own_build_id, sysfault_own_build_id, 20);
	h->text_start = lib->text_start;
	h->text_len = lib->text_len;
}

static int
header_fits(const struct image_header *h, const struct image_header *want, uint64_t file_size)
{
	uint64_t text_lo = want->text_start & ~(PAGE - 1);
	uint64_t text_hi = (want->text_start + want->text_len + PAGE - 1) & ~(PAGE - 1);
	return memcmp(h, want, offsetof(struct image_header, span_start)) == 0 &&
	       h->span_start % PAGE == 0 && h->span_len % PAGE == 0 && h->span_len > 0 &&
	       h->span_start >= text_lo && h->span_start + h->span_len <= text_hi &&
	       h->area_offset % (int64_t)PAGE == 0 && h->area_len % PAGE == 0 && h->area_len > PAGE &&
	       h->area_len < (1UL << 30) &&
	       file_size == PAGE + h->span_len + (h->area_len - PAGE);
}

int
patched_image_map(const struct loaded_lib *lib, long cache_dir, long *unpatched)
{
	char name[256];
	long fd = cache_file_name(lib, ".image", name, sizeof(name)) ? cache_file_open(cache_dir, name) : -1;
	if (fd < 0)
		return IMAGE_MISSING;
	struct image_header h, want;
	struct stat st;
	expected_header(lib, &want);
	if (raw_pread(fd, &h, sizeof(h), 0) != (long)sizeof(h) || raw_fstat(fd, &st) != 0 ||
	    !header_fits(&h, &want, (uint64_t)st.st_size)) {
		raw_close(fd);
		return IMAGE_MISSING;
	}

	uint8_t *area = (uint8_t *)(lib->load_addr + (uint64_t)h.area_offset);
	long got = sysfault_raw_syscall(SYS_mmap, (long)area, (long)h.area_len, PROT_READ | PROT_WRITE,
	                                MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	if (got != (long)area) {
		if (got > 0) /* a kernel without MAP_FIXED_NOREPLACE put it elsewhere */
			sysfault_raw_syscall(SYS_munmap, got, (long)h.area_len, 0, 0, 0, 0);
		raw_close(fd);
		return IMAGE_UNUSABLE;
	}
	long code = sysfault_raw_syscall(SYS_mmap, (long)(area + PAGE), (long)(h.area_len - PAGE),
	                                 PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_FIXED, fd,
	                                 (long)(PAGE + h.span_len));
	void *entry = (void *)sysfault_entry, *exit = (void *)sysfault_exit;
	memcpy(area + TRAMPOLINE_ENTRY_SLOT, &entry, sizeof(entry));
	memcpy(area + TRAMPOLINE_EXIT_SLOT, &exit, sizeof(exit));
	if (code != (long)(area + PAGE) ||
	    sysfault_raw_syscall(SYS_mprotect, (long)area, (long)PAGE, PROT_READ, 0, 0, 0) != 0) {
		sysfault_raw_syscall(SYS_munmap, (long)area, (long)h.area_len, 0, 0, 0, 0);
		raw_close(fd);
		return IMAGE_UNUSABLE;   /* e.g. EPERM: the cache directory is on a noexec mount */
	}
	/*
	 * The text pages go last and through a raw syscall: once they are in,
	 * glibc's own mmap() wrapper would return into patched bytes.
	 */
	long rc = sysfault_raw_syscall(SYS_mmap, (long)(lib->load_addr + h.span_start), (long)h.span_len,
	                               PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_FIXED, fd, (long)PAGE);
	raw_close(fd);
	if (rc != (long)(lib->load_addr + h.span_start)) {
		sysfault_raw_syscall(SYS_munmap, (long)area, (long)h.area_len, 0, 0, 0, 0);
		return IMAGE_UNUSABLE;
	}
	*unpatched = (long)h.unpatched;
	return 0;
}

void
patched_image_store(const struct loaded_lib *lib, long cache_dir, const struct trampoline_area *area,
                    size_t area_used, uint64_t lo, uint64_t hi, long unpatched)
{
	char name[256];
	if (cache_dir < 0 || hi <= lo || !cache_file_name(lib, ".image", name, sizeof(name)))
		return;
	static uint8_t page[PAGE];
	struct image_header h;
	expected_header(lib, &h);
	h.span_start = (lo & ~(PAGE - 1)) - lib->load_addr;
	h.span_len = ((hi + PAGE - 1) & ~(PAGE - 1)) - (lo & ~(PAGE - 1));
	h.area_offset = (int64_t)((uint64_t)area->mem - lib->load_addr);
	h.area_len = (area_used + PAGE - 1) & ~(PAGE - 1);
	h.unpatched = (uint64_t)unpatched;
	if (h.area_len <= PAGE || h.area_len > area->size)
		return;
	memset(page, 0, sizeof(page));
	memcpy(page, &h, sizeof(h));

	struct cache_part parts[] = {
		{ page, PAGE },
		{ (const void *)(lib->load_addr + h.span_start), h.span_len },
		{ area->mem + PAGE, h.area_len - PAGE },
	};
	cache_file_store(cache_dir, name, parts, 3);
}
