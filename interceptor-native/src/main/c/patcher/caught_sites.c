/* At start-up: the syscall sites that Syscall User Dispatch may later rewrite, with their trampolines ready.
 *
 * The same plan as INTERCEPT_ALL_OBJS makes (and caches), used only where it changes two bytes of
 * the site: a PATCH_PADDING_JUMP site.  Moving neighbouring instructions (PATCH_RELOCATE) is safe
 * only while nothing else runs, which is no longer so when a site is caught.  A site whose two
 * bytes straddle a 16-byte fetch block is left out: a CPU could fetch one old byte and one new.
 */
#include <stdlib.h>
#include <string.h>
#include "caught_sites.h"
#include "patch_library.h"
#include "patch_plan.h"
#include "trampoline.h"
#include "trampoline_area.h"
#include "raw_io/report.h"
#include "hook/frame.h"
#include "hook/sud_rewrite.h"
#include "contracts/trampoline_layout.h"

#define FETCH_BLOCK 16

/* Names and load addresses outlive start-up: the table points at them. */
static struct loaded_lib objects[MAX_PATCHED_LIBS];
/* What the trampolines' entry slot names: hook/entry.S's sysfault_entry, unless sysfault-exec gives its own. */
static void (*trampoline_entry)(void) = sysfault_entry;

static int
was_patched(const struct loaded_lib *lib, const struct loaded_lib *patched, size_t npatched)
{
	for (size_t i = 0; i < npatched; i++)
		if (patched[i].load_addr == lib->load_addr && strcmp(patched[i].name, lib->name) == 0)
			return 1;
	return 0;
}

static int
rewritable(const struct patch_site *s, uint64_t load_addr)
{
	uint64_t at = load_addr + s->syscall_addr;
	return s->style == PATCH_PADDING_JUMP && at / FETCH_BLOCK == (at + 1) / FETCH_BLOCK;
}

static int
by_site(const void *a, const void *b)
{
	uint64_t x = ((const struct rewritable_site *)a)->site, y = ((const struct rewritable_site *)b)->site;
	return x < y ? -1 : x > y;
}

size_t
caught_sites_list(const struct loaded_lib *lib, const char *name, long cache_dir, struct rewritable_site *into,
                  size_t room, int debug)
{
	struct text_image text = library_text(lib);
	struct patch_plan plan;
	int fresh;
	if (library_plan(lib, &text, cache_dir, &plan, &fresh) < 0)
		return 0;
	size_t want = 0;
	for (size_t i = 0; i < plan.count; i++)
		want += rewritable(&plan.sites[i], lib->load_addr);
	if (want > room)
		want = room;
	struct trampoline_area area = { 0 };
	uint64_t lo = lib->load_addr + text.start, hi = lo + text.len;
	if (want == 0 || trampoline_area_map(lo, hi, TRAMPOLINE_FIRST_SITE + want * TRAMPOLINE_MAX_SITE, &area) < 0) {
		patch_plan_free(&plan);
		return 0;
	}
	size_t pos = TRAMPOLINE_FIRST_SITE, added = 0;
	for (size_t i = 0; i < plan.count && added < want; i++) {
		const struct patch_site *s = &plan.sites[i];
		if (!rewritable(s, lib->load_addr))
			continue;
		uint64_t at = (uint64_t)(area.mem + pos);
		size_t len = emit_trampoline(s, &text, lib->load_addr, area.mem + pos, at, (uint64_t)area.mem);
		if (len == 0)
			continue;
		pos += (len + 15) & ~(size_t)15;
		struct rewritable_site *r = &into[added++];
		r->site = lib->load_addr + s->syscall_addr;
		r->pad = lib->load_addr + s->pad_addr;
		r->trampoline = at;
		r->object = name;
		r->object_base = lib->load_addr;
		memcpy(r->pad_before, (const void *)r->pad, sizeof(r->pad_before));
		r->state = SITE_WAITING;
	}
	patch_plan_free(&plan);
	if (added == 0 || trampoline_area_seal(&area, (void *)trampoline_entry, (void *)sysfault_exit) < 0) {
		trampoline_area_unmap(&area);
		return 0;
	}
	if (debug)
		report("sysfault: %s: %zu syscall sites will be rewritten to the fast path when first caught", lib->name,
		       added);
	qsort(into, added, sizeof(into[0]), by_site);
	return added;
}

size_t
caught_sites_prepare(const struct loaded_lib *patched, size_t npatched, long cache_dir, int debug)
{
	size_t nobjects = find_patchable_libs(objects, 1, 0), n = 0;
	for (size_t i = 0; i < nobjects && n < REWRITABLE_SITES_MAX; i++)
		if (!was_patched(&objects[i], patched, npatched))
			n += caught_sites_list(&objects[i], objects[i].name, cache_dir, &sysfault_rewritable_sites[n],
			                       REWRITABLE_SITES_MAX - n, debug);
	qsort(sysfault_rewritable_sites, n, sizeof(sysfault_rewritable_sites[0]), by_site);
	sysfault_rewrite_debug = debug;
	__atomic_store_n(&sysfault_rewritable_count, n, __ATOMIC_RELEASE);
	return n;
}

size_t
caught_sites_prepare_mapped(const struct loaded_lib *mapped, size_t nmapped, void (*entry)(void), long cache_dir,
                            int debug)
{
	size_t n = 0;
	trampoline_entry = entry;
	for (size_t i = 0; i < nmapped && i < MAX_PATCHED_LIBS && n < REWRITABLE_SITES_MAX; i++) {
		objects[i] = mapped[i];
		size_t added = caught_sites_list(&objects[i], objects[i].name, cache_dir, &sysfault_rewritable_sites[n],
		                                 REWRITABLE_SITES_MAX - n, debug);
		n += added;
		if (added == 0 && debug)
			report("sysfault: %s: none of its syscall sites can be rewritten to the fast path (none has padding "
			       "between functions in reach, or its symbols are stripped): each of its calls pays the signal",
			       objects[i].name);
	}
	qsort(sysfault_rewritable_sites, n, sizeof(sysfault_rewritable_sites[0]), by_site);
	sysfault_rewrite_debug = debug;
	__atomic_store_n(&sysfault_rewritable_count, n, __ATOMIC_RELEASE);
	return n;
}
