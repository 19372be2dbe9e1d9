/* Emits a site's trampoline and the jump bytes that lead to it (layout: contracts/trampoline_layout.h). */
#include <string.h>
#include "trampoline.h"
#include "contracts/trampoline_layout.h"

struct emitter {
	uint8_t *out;
	uint64_t base;        /* address of out[0] */
	size_t pos;
	int out_of_reach;
};

static uint64_t
here(const struct emitter *e)
{
	return e->base + e->pos;
}

static void
put(struct emitter *e, const void *bytes, size_t n)
{
	memcpy(e->out + e->pos, bytes, n);
	e->pos += n;
}

static int32_t
rel32(struct emitter *e, uint64_t from_end, uint64_t to)
{
	int64_t d = (int64_t)(to - from_end);
	if (d < INT32_MIN || d > INT32_MAX)
		e->out_of_reach = 1;
	return (int32_t)d;
}

/* opcode bytes followed by a disp32 relative to the end of the instruction */
static void
put_rip_relative(struct emitter *e, const char *opcode, size_t oplen, uint64_t to)
{
	put(e, opcode, oplen);
	int32_t d = rel32(e, here(e) + 4, to);
	put(e, &d, 4);
}

/* Copies moved instructions; a RIP-relative operand is re-aimed at the same absolute target. */
static void
put_moved(struct emitter *e, const struct patch_site *s, const uint8_t *region, uint64_t region_abs,
          size_t first, size_t n)
{
	for (size_t i = first; i < first + n; i++) {
		const struct moved_insn *m = &s->moved[i];
		size_t at = e->pos;
		put(e, region + m->at, m->len);
		if (m->rip_disp_at != 0) {
			int32_t disp;
			memcpy(&disp, region + m->at + m->rip_disp_at, 4);
			uint64_t target = region_abs + m->at + m->len + (uint64_t)(int64_t)disp;
			disp = rel32(e, here(e), target);
			memcpy(e->out + at + m->rip_disp_at, &disp, 4);
		}
	}
}

/*
 * Everything between the moved instructions, as trampoline_layout.h draws
 * it; only the three RIP displacements differ from site to site.
 */
static const uint8_t middle[] = {
	0x48, 0x8d, 0x64, 0x24, 0x80,                         /* lea -0x80(%rsp),%rsp */
	0x4c, 0x8d, 0x1d, 0, 0, 0, 0,                         /* lea site(%rip),%r11 */
	0xff, 0x15, 0, 0, 0, 0,                               /* call *entry_slot(%rip) */
	0x48, 0x8d, 0xa4, 0x24, 0x80, 0x00, 0x00, 0x00,       /* R: lea 0x80(%rsp),%rsp */
	0xff, 0xe1,                                           /* jmp *%rcx */
	0x0f, 0x05, 0xeb, NEXT_DONE - (NEXT_SYSCALL + 4),     /* syscall; jmp DONE */
	0x0f, 0x05, 0x41, 0xbb, 56, 0, 0, 0, 0xeb, NEXT_POST_CALL - (NEXT_POST_CLONE + 10),
	0x0f, 0x05, 0x41, 0xbb, 57, 0, 0, 0, 0xeb, NEXT_POST_CALL - (NEXT_POST_FORK + 10),
	0x0f, 0x05, 0x41, 0xbb, 58, 0, 0, 0, 0xeb, NEXT_POST_CALL - (NEXT_POST_VFORK + 10),
	0x0f, 0x05, 0x41, 0xbb, 0xb3, 1, 0, 0, 0xeb, NEXT_POST_CALL - (NEXT_POST_CLONE3 + 10),
	0x48, 0x8d, 0x64, 0x24, 0x80,                         /* POST: lea -0x80(%rsp),%rsp */
	0xff, 0x15, 0, 0, 0, 0,                               /* call *exit_slot(%rip) */
	0x48, 0x8d, 0xa4, 0x24, 0x80, 0x00, 0x00, 0x00,       /* lea 0x80(%rsp),%rsp; DONE follows */
};
#define MIDDLE_R          18   /* where the entry call returns */
#define MIDDLE_SITE_DISP   8
#define MIDDLE_ENTRY_DISP 14
#define MIDDLE_EXIT_DISP  (MIDDLE_R + NEXT_POST_CALL + 7)
_Static_assert(sizeof(middle) == MIDDLE_R + NEXT_DONE, "middle part disagrees with trampoline_layout.h");

static void
put_middle(struct emitter *e, uint64_t syscall_abs, uint64_t area_addr)
{
	size_t at = e->pos;
	put(e, middle, sizeof(middle));
	int32_t d[3] = {
		rel32(e, e->base + at + MIDDLE_SITE_DISP + 4, syscall_abs),
		rel32(e, e->base + at + MIDDLE_ENTRY_DISP + 4, area_addr + TRAMPOLINE_ENTRY_SLOT),
		rel32(e, e->base + at + MIDDLE_EXIT_DISP + 4, area_addr + TRAMPOLINE_EXIT_SLOT),
	};
	memcpy(e->out + at + MIDDLE_SITE_DISP, &d[0], 4);
	memcpy(e->out + at + MIDDLE_ENTRY_DISP, &d[1], 4);
	memcpy(e->out + at + MIDDLE_EXIT_DISP, &d[2], 4);
}

size_t
emit_trampoline(const struct patch_site *s, const struct text_image *text, uint64_t load_addr,
                uint8_t *out, uint64_t out_addr, uint64_t area_addr)
{
	struct emitter e = { .out = out, .base = out_addr };
	const uint8_t *region = text->bytes + (s->region_start - text->start);
	uint64_t region_abs = load_addr + s->region_start;
	uint64_t syscall_abs = load_addr + s->syscall_addr;

	if (s->style == PATCH_SKIPPED)
		return 0;
	size_t nmoved_before = s->style == PATCH_RELOCATE ? s->moved_before : 0;
	size_t nmoved_after = s->style == PATCH_RELOCATE ? s->moved_after : 0;

	put_moved(&e, s, region, region_abs, 0, nmoved_before);
	put_middle(&e, syscall_abs, area_addr);
	put_moved(&e, s, region, region_abs, nmoved_before, nmoved_after);
	uint64_t back = s->style == PATCH_RELOCATE ? region_abs + s->region_len : syscall_abs + 2;
	put_rip_relative(&e, "\xe9", 1, back);
	if (e.out_of_reach)
		return 0;

	/* the jump into the trampoline, from the region or from the padding */
	uint64_t from = s->style == PATCH_RELOCATE ? region_abs : load_addr + s->pad_addr;
	rel32(&e, from + 5, out_addr);
	if (e.out_of_reach)
		return 0;
	return e.pos;
}
