/* Chooses, for each syscall instruction of a library, how to patch it (see patch_plan.h). */
#include <stdlib.h>
#include <string.h>
#include "patch_plan.h"

#define SHORT_JMP_LEN 2
#define NEAR_JMP_LEN 5
#define SHORT_REACH_BACK 128
#define SHORT_REACH_FORWARD 127
#define MAX_CANDIDATES 8
#define FDE_SLACK 16      /* how far past an FDE's end a syscall still belongs to it */
#define WINDOW_TAIL 32    /* bytes decoded past a function, for the instructions after its last syscall */

/* The bytes between one function's end and the next function's start. */
struct gap {
	uint64_t start, end, next_free;
	int8_t padding;            /* 0 unknown, 1 only nop/int3, -1 anything else */
};

/* A way to move neighbours of a syscall, waiting for the text-wide jump target check. */
struct region {
	uint64_t start;
	uint8_t len, before, after, rejected;
	uint8_t syscall_at;        /* offset of the syscall from start */
	struct moved_insn moved[MAX_MOVED];
};

/* Offsets from r->start of the instructions a branch must not land on: all but the first. */
static size_t
interior_starts(const struct region *r, uint64_t out[MAX_MOVED + 1])
{
	size_t n = 0;
	for (unsigned i = 0; i < (unsigned)r->before + r->after; i++)
		if (r->moved[i].at != 0)
			out[n++] = r->start + r->moved[i].at;
	if (r->syscall_at != 0)
		out[n++] = r->start + r->syscall_at;
	return n;
}

struct pending {
	size_t site;
	size_t nregions;
	struct region regions[MAX_CANDIDATES];
};

/* The decoded instructions of one function and its trailing bytes. */
struct window {
	uint64_t start, end;
	struct insn *insns;
	size_t n, cap;
	uint64_t *targets;        /* sorted branch targets found in the window */
	size_t ntargets;
	int has_indirect_jump;
	uint64_t stopped_at;
};

struct planner {
	struct disassembler *d;
	const struct text_image *t;
	const struct function_range *fns;
	size_t nfns;
	struct gap *gaps;
	struct window w;
};

static const uint8_t *
bytes_at(const struct text_image *t, uint64_t addr)
{
	return t->bytes + (addr - t->start);
}

static uint64_t
text_end(const struct text_image *t)
{
	return t->start + t->len;
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static int
contains_u64(const uint64_t *v, size_t n, uint64_t x)
{
	return n > 0 && bsearch(&x, v, n, sizeof(*v), cmp_u64) != NULL;
}

static int
readable(const struct text_image *t, uint64_t addr, size_t len)
{
	for (size_t i = 0; i < t->nreadable; i++)
		if (addr >= t->readable[i].start && addr + len <= t->readable[i].end)
			return 1;
	return 0;
}

/*
 * GCC's position-independent jump tables are arrays of int32 offsets from
 * the table's own address, which the function loads with a RIP-relative lea:
 *     lea table(%rip),%rdx; movslq (%rdx,%rax,4),%rax; add %rdx,%rax; jmp *%rax
 * Every entry, read from such an address until one lands outside the
 * function, is taken as a branch target (extra ones only make us careful).
 */
static void
add_jump_table_targets(struct planner *p, size_t cap)
{
	struct window *w = &p->w;
	for (size_t i = 0; i < w->n; i++) {
		const struct insn *in = &w->insns[i];
		if (in->rip_disp_at == 0 || (in->target >= w->start && in->target < w->end))
			continue;
		for (uint64_t e = in->target; readable(p->t, e, 4) && w->ntargets < cap; e += 4) {
			int32_t rel;
			memcpy(&rel, p->t->image + e, 4);
			uint64_t target = in->target + (uint64_t)(int64_t)rel;
			if (target < w->start || target >= w->end)
				break;
			w->targets[w->ntargets++] = target;
		}
	}
}

static int
decode_window(struct planner *p, uint64_t start, uint64_t end)
{
	struct window *w = &p->w;
	if (w->insns != NULL && w->start == start && w->end == end)
		return 0;
	size_t need = (size_t)(end - start);
	if (need > w->cap) {
		free(w->insns);
		free(w->targets);
		w->insns = malloc(need * sizeof(*w->insns));
		w->targets = malloc((2 * need + 1024) * sizeof(*w->targets));
		if (w->insns == NULL || w->targets == NULL) {
			w->cap = 0;
			return -1;
		}
		w->cap = need;
	}
	w->start = start;
	w->end = end;
	w->n = disassemble(p->d, bytes_at(p->t, start), need, start, w->insns, need, &w->stopped_at);
	w->ntargets = 0;
	w->has_indirect_jump = 0;
	for (size_t i = 0; i < w->n; i++) {
		if (w->insns[i].kind == INSN_BRANCH)
			w->targets[w->ntargets++] = w->insns[i].target;
		else if (w->insns[i].kind == INSN_INDIRECT_JUMP && w->insns[i].rip_disp_at == 0)
			w->has_indirect_jump = 1;   /* jmp *%reg: a jump table, or a tail call */
	}
	if (w->has_indirect_jump)
		add_jump_table_targets(p, 2 * need + 1024);
	qsort(w->targets, w->ntargets, sizeof(*w->targets), cmp_u64);
	return 0;
}

static size_t
insn_index(const struct window *w, uint64_t addr)
{
	size_t lo = 0, hi = w->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (w->insns[mid].addr < addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int
gap_is_padding(struct planner *p, struct gap *g)
{
	if (g->padding == 0) {
		g->padding = -1;
		if (g->end > g->start && g->end - g->start <= 4096) {
			size_t len = (size_t)(g->end - g->start);
			struct insn insns[4096];
			uint64_t stop;
			size_t n = disassemble(p->d, bytes_at(p->t, g->start), len, g->start, insns, len, &stop);
			int only_padding = stop == g->end;
			for (size_t i = 0; i < n && only_padding; i++)
				only_padding = insns[i].kind == INSN_PADDING;
			if (only_padding)
				g->padding = 1;
		}
	}
	return g->padding == 1;
}

/* Reserves 5 bytes of padding within short-jump reach of the syscall at c; 0 when there are none. */
static uint64_t
take_padding_slot(struct planner *p, size_t fn_index, uint64_t c)
{
	uint64_t from = c + SHORT_JMP_LEN - SHORT_REACH_BACK;
	uint64_t to = c + SHORT_JMP_LEN + SHORT_REACH_FORWARD; /* last allowed slot start */
	uint64_t best = 0, best_dist = UINT64_MAX;
	struct gap *best_gap = NULL;

	for (size_t i = fn_index > 3 ? fn_index - 3 : 0; i < p->nfns && i <= fn_index + 3; i++) {
		struct gap *g = &p->gaps[i];
		if (g->end <= g->start || g->end < from || g->start > to)
			continue;
		uint64_t s = g->next_free > from ? g->next_free : from;
		if (s > to || s + NEAR_JMP_LEN > g->end || !gap_is_padding(p, g))
			continue;
		uint64_t dist = s > c ? s - c : c - s;
		if (dist < best_dist) {
			best = s;
			best_dist = dist;
			best_gap = g;
		}
	}
	if (best_gap != NULL)
		best_gap->next_free = best + NEAR_JMP_LEN;
	return best;
}

static int
movable(const struct insn *in)
{
	return in->kind == INSN_PLAIN;
}

static int
is_rel8_branch_opcode(uint8_t b)
{
	return b == 0xeb || (b >= 0x70 && b <= 0x7f) || (b >= 0xe0 && b <= 0xe3);
}

/*
 * Is any instruction inside the region, other than its first, a possible
 * branch target?  Known from the window's branches, and from short branches
 * in nearby bytes the window did not decode.  Far (rel32) branches from the
 * rest of the text are checked later, for all regions at once.
 */
static int
interior_is_targeted(const struct planner *p, uint64_t start, uint64_t end,
                     const uint64_t *insn_starts, size_t n)
{
	const struct window *w = &p->w;
	for (size_t i = 1; i < n; i++)
		if (contains_u64(w->targets, w->ntargets, insn_starts[i]))
			return 1;
	uint64_t lo = start > p->t->start + 130 ? start - 130 : p->t->start;
	uint64_t hi = end + 130 < text_end(p->t) ? end + 130 : text_end(p->t) - 1;
	for (uint64_t q = lo; q + 1 < hi; q++) {
		if (q >= w->start && q < w->end)
			continue;
		if (!is_rel8_branch_opcode(*bytes_at(p->t, q)))
			continue;
		uint64_t target = q + 2 + (uint64_t)(int64_t)(int8_t)*bytes_at(p->t, q + 1);
		for (size_t i = 1; i < n; i++)
			if (target == insn_starts[i])
				return 1;
	}
	return 0;
}

/* Lists the ways to move neighbours of the syscall at window index k, smallest first. */
static size_t
list_regions(const struct planner *p, size_t k, struct region *out)
{
	const struct window *w = &p->w;
	size_t n = 0;
	for (unsigned total = 1; total <= MAX_MOVED && n < MAX_CANDIDATES; total++) {
		for (unsigned before = 0; before <= total && n < MAX_CANDIDATES; before++) {
			unsigned after = total - before;
			if (before > k || k + after >= w->n)
				continue;
			size_t first = k - before, last = k + after;
			uint64_t start = w->insns[first].addr;
			uint64_t end = w->insns[last].addr + w->insns[last].len;
			if (end - start < NEAR_JMP_LEN || end - start > MAX_REGION)
				continue;
			struct region r = { .start = start, .len = (uint8_t)(end - start),
			                    .before = (uint8_t)before, .after = (uint8_t)after,
			                    .syscall_at = (uint8_t)(w->insns[k].addr - start) };
			uint64_t starts[MAX_MOVED + 1];
			int ok = 1;
			size_t m = 0;
			for (size_t i = first; i <= last; i++) {
				const struct insn *in = &w->insns[i];
				starts[i - first] = in->addr;
				if (i == k)
					continue;
				if (!movable(in))
					ok = 0;
				r.moved[m].at = (uint8_t)(in->addr - start);
				r.moved[m].len = in->len;
				r.moved[m].rip_disp_at = in->rip_disp_at;
				m++;
			}
			if (!ok || interior_is_targeted(p, start, end, starts, last - first + 1))
				continue;
			out[n++] = r;
		}
	}
	return n;
}

static void
build_gaps(struct planner *p)
{
	uint64_t reach = 0;
	for (size_t i = 0; i < p->nfns; i++) {
		if (p->fns[i].end > reach)
			reach = p->fns[i].end;
		uint64_t next = i + 1 < p->nfns ? p->fns[i + 1].start : text_end(p->t);
		struct gap *g = &p->gaps[i];
		g->start = reach;
		g->end = next;
		if (g->start < p->t->start || g->end > text_end(p->t) || g->end < g->start)
			g->start = g->end = 0;
		g->next_free = g->start;
		g->padding = 0;
	}
}

/* Marks every region with an interior instruction that some rel32 branch of the text targets. */
static int
reject_far_targets(const struct planner *p, struct pending *pend, size_t npend)
{
	size_t total = 0;
	for (size_t i = 0; i < npend; i++)
		total += pend[i].nregions * (MAX_MOVED + 1);
	if (total == 0)
		return 0;
	uint64_t *interior = malloc(total * sizeof(*interior));
	uint8_t *hit = NULL;
	if (interior == NULL)
		return -1;
	size_t n = 0;
	for (size_t i = 0; i < npend; i++)
		for (size_t j = 0; j < pend[i].nregions; j++)
			n += interior_starts(&pend[i].regions[j], interior + n);
	qsort(interior, n, sizeof(*interior), cmp_u64);
	size_t unique = 0;
	for (size_t i = 0; i < n; i++)
		if (unique == 0 || interior[unique - 1] != interior[i])
			interior[unique++] = interior[i];
	n = unique;
	hit = calloc(n, 1);
	if (hit == NULL) {
		free(interior);
		return -1;
	}
	const uint8_t *b = p->t->bytes;
	for (size_t q = 0; q + 5 <= p->t->len; q++) {
		uint64_t target;
		int32_t rel;
		if (b[q] == 0xe8 || b[q] == 0xe9) {
			memcpy(&rel, b + q + 1, 4);
			target = p->t->start + q + 5 + (int64_t)rel;
		} else if (q + 6 <= p->t->len && b[q] == 0x0f && (b[q + 1] & 0xf0) == 0x80) {
			memcpy(&rel, b + q + 2, 4);
			target = p->t->start + q + 6 + (int64_t)rel;
		} else {
			continue;
		}
		uint64_t *f = bsearch(&target, interior, n, sizeof(*interior), cmp_u64);
		if (f != NULL)
			hit[f - interior] = 1;
	}
	for (size_t i = 0; i < npend; i++) {
		for (size_t j = 0; j < pend[i].nregions; j++) {
			struct region *r = &pend[i].regions[j];
			uint64_t starts[MAX_MOVED + 1];
			size_t ns = interior_starts(r, starts);
			for (size_t k = 0; k < ns && !r->rejected; k++) {
				uint64_t *f = bsearch(&starts[k], interior, n, sizeof(*interior), cmp_u64);
				if (f != NULL && hit[f - interior])
					r->rejected = 1;
			}
		}
	}
	free(hit);
	free(interior);
	return 0;
}

static void
use_region(struct patch_site *s, const struct region *r)
{
	s->style = PATCH_RELOCATE;
	s->reason = SKIP_NONE;
	s->region_start = r->start;
	s->region_len = r->len;
	s->moved_before = r->before;
	s->moved_after = r->after;
	memcpy(s->moved, r->moved, sizeof(s->moved));
}

int
plan_patches(struct disassembler *d, const struct text_image *text,
             const struct function_range *fns, size_t nfns, struct patch_plan *plan)
{
	memset(plan, 0, sizeof(*plan));
	struct planner p = { .d = d, .t = text, .fns = fns, .nfns = nfns };
	size_t cap = 64, npend = 0;
	struct pending *pend = NULL;
	int rc = -1;

	p.gaps = calloc(nfns ? nfns : 1, sizeof(*p.gaps));
	plan->sites = malloc(cap * sizeof(*plan->sites));
	pend = malloc(cap * sizeof(*pend));
	if (p.gaps == NULL || plan->sites == NULL || pend == NULL)
		goto out;
	build_gaps(&p);

	for (size_t off = 0; off + 1 < text->len; off++) {
		if (text->bytes[off] != 0x0f || text->bytes[off + 1] != 0x05)
			continue;
		uint64_t c = text->start + off;
		const struct function_range *f = function_at_or_before(fns, nfns, c);
		/* A syscall may sit just past its function's unwind range: glibc's clone ends
		 * its FDE right before the syscall, and the child's code has an FDE of its own. */
		if (f == NULL || f->start < text->start || c + 2 > f->end + FDE_SLACK) {
			plan->outside_functions++;
			continue;
		}
		struct patch_site site = { .syscall_addr = c, .region_start = c,
		                           .region_len = SHORT_JMP_LEN, .style = PATCH_SKIPPED };
		size_t fi = (size_t)(f - fns);
		uint64_t next = fi + 1 < nfns ? fns[fi + 1].start : text_end(text);
		uint64_t wend = (c + 2 > f->end ? c + 2 : f->end) + WINDOW_TAIL;
		if (next > c + 1 && wend > next)
			wend = next;
		if (wend > text_end(text))
			wend = text_end(text);
		if (decode_window(&p, f->start, wend) < 0)
			goto out;
		size_t k = insn_index(&p.w, c);
		int decoded = k < p.w.n && p.w.insns[k].addr == c;
		if ((!decoded && p.w.stopped_at > c) || (decoded && p.w.insns[k].kind != INSN_SYSCALL)) {
			plan->false_candidates++;   /* part of another instruction */
			continue;
		}
		if (!decoded) {
			site.reason = SKIP_UNDECODABLE;
		} else if ((site.pad_addr = take_padding_slot(&p, fi, c)) != 0) {
			site.style = PATCH_PADDING_JUMP;
		} else {
			/* decided after the text-wide branch scan below */
			site.reason = SKIP_NO_ROOM;
			pend[npend].site = plan->count;
			pend[npend].nregions = list_regions(&p, k, pend[npend].regions);
			if (pend[npend].nregions > 0)
				npend++;
		}
		if (plan->count == cap || npend == cap) {
			cap *= 2;
			struct patch_site *ns = realloc(plan->sites, cap * sizeof(*ns));
			if (ns == NULL)
				goto out;
			plan->sites = ns;
			struct pending *np = realloc(pend, cap * sizeof(*np));
			if (np == NULL)
				goto out;
			pend = np;
		}
		plan->sites[plan->count++] = site;
	}

	if (reject_far_targets(&p, pend, npend) < 0)
		goto out;
	for (size_t i = 0; i < npend; i++) {
		for (size_t j = 0; j < pend[i].nregions; j++) {
			if (!pend[i].regions[j].rejected) {
				use_region(&plan->sites[pend[i].site], &pend[i].regions[j]);
				break;
			}
		}
	}
	rc = 0;
out:
	free(p.gaps);
	free(p.w.insns);
	free(p.w.targets);
	free(pend);
	if (rc != 0)
		patch_plan_free(plan);
	return rc;
}

void
patch_plan_free(struct patch_plan *plan)
{
	free(plan->sites);
	plan->sites = NULL;
	plan->count = 0;
}

const char *
skip_reason_text(enum skip_reason r)
{
	switch (r) {
	case SKIP_NONE: return "patched";
	case SKIP_UNDECODABLE: return "the function around it could not be disassembled";
	case SKIP_NO_ROOM: return "no padding within a short jump, and its neighbours cannot be moved safely (branch, jump target, jump table or endbr64 next to it)";
	case SKIP_TRAMPOLINE_OUT_OF_REACH: return "its trampoline or a moved instruction's RIP-relative operand would be out of 32-bit reach";
	}
	return "unknown";
}
