/* Patches one loaded library: from its cached image, else from a (cached) plan, trampolines and jump writes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "disasm.h"
#include "functions.h"
#include "patch_library.h"
#include "patch_plan.h"
#include "patched_image.h"
#include "plan_cache.h"
#include "symbols.h"
#include "raw_io/report.h"
#include "trampoline.h"
#include "trampoline_area.h"
#include "hook/frame.h"
#include "text_write.h"
#include "contracts/trampoline_layout.h"

static void
describe_site(int debug, struct disassembler *d, const struct loaded_lib *lib,
              const struct text_image *text, const struct patch_site *s)
{
	if (!debug || d == NULL)
		return;
	if (s->style == PATCH_PADDING_JUMP) {
		report("sysfault: %s+%#lx: patched: short jump to padding at +%#lx", lib->name,
		       (unsigned long)s->syscall_addr, (unsigned long)s->pad_addr);
	} else if (s->style == PATCH_RELOCATE) {
		char moved[160] = "";
		size_t used = 0;
		for (uint64_t a = s->region_start; a < s->region_start + s->region_len && used < sizeof(moved) - 48;) {
			char one[64];
			const uint8_t *b = text->bytes + (a - text->start);
			size_t len = 1;
			struct insn in;
			uint64_t stop;
			if (disassemble(d, b, s->region_start + s->region_len - a, a, &in, 1, &stop) == 1)
				len = in.len;
			disassemble_to_text(d, b, len, a, one, sizeof(one));
			used += (size_t)snprintf(moved + used, sizeof(moved) - used, "%s%s", used ? "; " : "", one);
			a += len;
		}
		report("sysfault: %s+%#lx: patched: %u bytes moved to the trampoline (%s)", lib->name,
		       (unsigned long)s->syscall_addr, s->region_len, moved);
	} else {
		report("sysfault: %s+%#lx: NOT patched: %s", lib->name, (unsigned long)s->syscall_addr,
		       skip_reason_text(s->reason));
	}
}

/* A cached plan is used only if every site it names still looks as planned. */
static int
plan_fits_text(const struct patch_plan *plan, const struct text_image *t)
{
	for (size_t i = 0; i < plan->count; i++) {
		const struct patch_site *s = &plan->sites[i];
		uint64_t end = t->start + t->len;
		if (s->syscall_addr < t->start || s->syscall_addr + 2 > end ||
		    t->bytes[s->syscall_addr - t->start] != 0x0f || t->bytes[s->syscall_addr - t->start + 1] != 0x05)
			return 0;
		if (s->style == PATCH_SKIPPED)
			continue;
		if (s->region_start < t->start || s->region_start + s->region_len > end ||
		    s->region_start > s->syscall_addr || s->region_start + s->region_len < s->syscall_addr + 2 ||
		    (s->style == PATCH_PADDING_JUMP && (s->pad_addr < t->start || s->pad_addr + 5 > end)))
			return 0;
	}
	return 1;
}

static int
make_plan(const struct loaded_lib *lib, const struct text_image *text, struct patch_plan *plan)
{
	size_t nfns = 0;
	/* No unwind table at all (a static or Go program that sysfault-exec maps): the symbol table alone. */
	struct function_range *fns = lib->eh_frame_hdr == NULL ? calloc(1, sizeof(*fns))
	                                                       : functions_from_eh_frame(lib->load_addr, lib->eh_frame_hdr, &nfns);
	if (fns == NULL) {
		report("sysfault: %s: no usable .eh_frame_hdr, so its functions cannot be found; not patched", lib->name);
		return -1;
	}
	functions_add_from_symbols(lib, &fns, &nfns);   /* assembly without unwind entries */
	struct disassembler *d = disassembler_open();
	int rc = d == NULL ? -1 : plan_patches(d, text, fns, nfns, plan);
	if (rc < 0)
		report("sysfault: %s: out of memory while planning patches", lib->name);
	disassembler_close(d);
	free(fns);
	return rc;
}

struct text_image
library_text(const struct loaded_lib *lib)
{
	struct text_image text = {
		.bytes = (const uint8_t *)(lib->load_addr + lib->text_start),
		.start = lib->text_start,
		.len = lib->text_len,
		.image = (const uint8_t *)lib->load_addr,
		.nreadable = lib->nreadable,
	};
	memcpy(text.readable, lib->readable, sizeof(text.readable));
	return text;
}

int
library_plan(const struct loaded_lib *lib, const struct text_image *text, long cache_dir,
             struct patch_plan *plan, int *fresh)
{
	*fresh = 0;
	if (plan_cache_load(lib, cache_dir, plan) == 0 && plan_fits_text(plan, text))
		return 0;
	patch_plan_free(plan);
	if (make_plan(lib, text, plan) < 0)
		return -1;
	*fresh = 1;
	plan_cache_store(lib, cache_dir, plan);
	return 0;
}

long
patch_library(const struct loaded_lib *lib, long cache_dir, int debug)
{
	struct text_image text = library_text(lib);
	struct patch_plan plan;
	uint64_t *trampolines = NULL;
	struct trampoline_area area = { 0 };
	long unpatched = -1;
	int fresh = 0;

	/* Later processes map what the first one patched; SYSFAULT_DEBUG wants to see every site. */
	int image = debug ? IMAGE_MISSING : patched_image_map(lib, cache_dir, &unpatched);
	if (image == 0)
		return unpatched;

	if (library_plan(lib, &text, cache_dir, &plan, &fresh) < 0)
		return -1;
	if (plan.count == 0) {   /* most objects under INTERCEPT_ALL_OBJS: no trampoline area for them */
		if (debug)
			report("sysfault: %s: no syscall sites; %zu byte pairs 0f 05 inside other instructions, "
			       "%zu outside every function", lib->name, plan.false_candidates, plan.outside_functions);
		unpatched = 0;
		goto out;
	}
	trampolines = malloc((plan.count + 1) * sizeof(*trampolines));
	uint64_t lo = lib->load_addr + text.start, hi = lo + text.len;
	if (trampolines == NULL ||
	    trampoline_area_map(lo, hi, TRAMPOLINE_FIRST_SITE + plan.count * TRAMPOLINE_MAX_SITE, &area) < 0) {
		report("sysfault: %s: no memory for trampolines within 2 GiB of it; not patched", lib->name);
		goto out;
	}

	struct disassembler *d = debug ? disassembler_open() : NULL;
	size_t pos = TRAMPOLINE_FIRST_SITE;
	uint64_t wlo = UINT64_MAX, whi = 0;
	unpatched = 0;
	for (size_t i = 0; i < plan.count; i++) {
		struct patch_site *s = &plan.sites[i];
		trampolines[i] = 0;
		if (s->style != PATCH_SKIPPED) {
			uint64_t at = (uint64_t)(area.mem + pos);
			size_t len = emit_trampoline(s, &text, lib->load_addr, area.mem + pos, at, (uint64_t)area.mem);
			if (len == 0) {
				s->style = PATCH_SKIPPED;
				s->reason = SKIP_TRAMPOLINE_OUT_OF_REACH;
			} else {
				trampolines[i] = at;
				pos += (len + 15) & ~(size_t)15;
				uint64_t lo = s->region_start, hi = s->region_start + s->region_len;
				if (s->style == PATCH_PADDING_JUMP) {
					if (s->pad_addr < lo) lo = s->pad_addr;
					if (s->pad_addr + 5 > hi) hi = s->pad_addr + 5;
				}
				if (lib->load_addr + lo < wlo) wlo = lib->load_addr + lo;
				if (lib->load_addr + hi > whi) whi = lib->load_addr + hi;
			}
		}
		if (s->style == PATCH_SKIPPED)
			unpatched++;
		describe_site(debug, d, lib, &text, s);
	}
	disassembler_close(d);
	if (trampoline_area_seal(&area, (void *)sysfault_entry, (void *)sysfault_exit) < 0) {
		report("sysfault: %s: cannot make the trampolines executable; not patched", lib->name);
		trampoline_area_unmap(&area);
		unpatched = -1;
		goto out;
	}
	if (whi > 0) {
		int rc = sysfault_write_text(plan.sites, trampolines, plan.count, lib->load_addr, wlo, whi);
		if (rc < 0) {
			report("sysfault: %s: cannot write to its text (mprotect: errno %d); not patched", lib->name, -rc);
			trampoline_area_unmap(&area);
			unpatched = -1;
			goto out;
		}
		/* an image made here would only displace one that suits most processes */
		if (image == IMAGE_MISSING)
			patched_image_store(lib, cache_dir, &area, pos, wlo, whi, unpatched);
	}
	if (debug)
		report("sysfault: %s: %zu syscall sites, %ld not patched; %zu byte pairs 0f 05 inside other "
		       "instructions, %zu outside every function", lib->name, plan.count, unpatched,
		       plan.false_candidates, plan.outside_functions);
	if (fresh && unpatched > 0)
		report("sysfault: %s: %ld syscall sites could not be patched; calls made there bypass sysfault "
		       "(SYSFAULT_DEBUG=1 lists them)", lib->name, unpatched);
out:
	free(trampolines);
	patch_plan_free(&plan);
	return unpatched;
}
