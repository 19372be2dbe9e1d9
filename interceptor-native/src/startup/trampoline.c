/* Emits a site's trampoline and the jump bytes that lead to it (layout: ../trampoline_layout.h). */
#include <string.h>
#include "trampoline.h"
#include "../trampoline_layout.h"

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

static void
put_step_syscall(struct emitter *e, uint64_t post_call, int with_nr, uint32_t nr, uint64_t done)
{
	static const uint8_t syscall_insn[] = { 0x0f, 0x05 };
	put(e, syscall_insn, 2);
	if (with_nr) {
		static const uint8_t mov_r11d[] = { 0x41, 0xbb };
		put(e, mov_r11d, 2);
		put(e, &nr, 4);
	}
	uint8_t jmp[2] = { 0xeb, (uint8_t)(int8_t)((int64_t)((with_nr ? post_call : done) - (here(e) + 2))) };
	put(e, jmp, 2);
}

size_t
emit_trampoline(const struct patch_site *s, const struct text_image *text, uint64_t load_addr,
                uint8_t *out, uint64_t out_addr, uint64_t area_addr,
                struct text_write writes[2], size_t *nwrites)
{
	static const uint8_t lea_rsp_down[] = { 0x48, 0x8d, 0x64, 0x24, 0x80 };
	static const uint8_t lea_rsp_up[] = { 0x48, 0x8d, 0xa4, 0x24, 0x80, 0x00, 0x00, 0x00 };
	static const uint8_t jmp_rcx[] = { 0xff, 0xe1 };
	struct emitter e = { .out = out, .base = out_addr };
	const uint8_t *region = text->bytes + (s->region_start - text->start);
	uint64_t region_abs = load_addr + s->region_start;
	uint64_t syscall_abs = load_addr + s->syscall_addr;

	*nwrites = 0;
	if (s->style == PATCH_SKIPPED)
		return 0;
	size_t nmoved_before = s->style == PATCH_RELOCATE ? s->moved_before : 0;
	size_t nmoved_after = s->style == PATCH_RELOCATE ? s->moved_after : 0;

	put_moved(&e, s, region, region_abs, 0, nmoved_before);
	put(&e, lea_rsp_down, sizeof(lea_rsp_down));
	put_rip_relative(&e, "\x4c\x8d\x1d", 3, syscall_abs);
	put_rip_relative(&e, "\xff\x15", 2, area_addr + TRAMPOLINE_ENTRY_SLOT);
	uint64_t r = here(&e);
	put(&e, lea_rsp_up, sizeof(lea_rsp_up));
	put(&e, jmp_rcx, sizeof(jmp_rcx));
	uint64_t post = r + NEXT_POST_CALL, done = r + NEXT_DONE;
	put_step_syscall(&e, post, 0, 0, done);
	put_step_syscall(&e, post, 1, 56, done);
	put_step_syscall(&e, post, 1, 57, done);
	put_step_syscall(&e, post, 1, 58, done);
	put_step_syscall(&e, post, 1, 435, done);
	put(&e, lea_rsp_down, sizeof(lea_rsp_down));
	put_rip_relative(&e, "\xff\x15", 2, area_addr + TRAMPOLINE_EXIT_SLOT);
	put(&e, lea_rsp_up, sizeof(lea_rsp_up));
	put_moved(&e, s, region, region_abs, nmoved_before, nmoved_after);
	uint64_t back = s->style == PATCH_RELOCATE ? region_abs + s->region_len : syscall_abs + 2;
	put_rip_relative(&e, "\xe9", 1, back);
	if (e.out_of_reach)
		return 0;

	struct emitter w = { 0 };
	if (s->style == PATCH_RELOCATE) {
		struct text_write *tw = &writes[(*nwrites)++];
		tw->addr = region_abs;
		tw->len = s->region_len;
		memcpy(tw->expect, region, s->region_len);
		memset(tw->bytes, 0xcc, s->region_len);
		w = (struct emitter){ .out = tw->bytes, .base = region_abs };
		put_rip_relative(&w, "\xe9", 1, out_addr);
	} else {
		uint64_t pad_abs = load_addr + s->pad_addr;
		struct text_write *jump = &writes[(*nwrites)++];
		jump->addr = syscall_abs;
		jump->len = 2;
		memcpy(jump->expect, region, 2);
		jump->bytes[0] = 0xeb;
		jump->bytes[1] = (uint8_t)(int8_t)(int64_t)(pad_abs - (syscall_abs + 2));
		struct text_write *pad = &writes[(*nwrites)++];
		pad->addr = pad_abs;
		pad->len = 5;
		memcpy(pad->expect, text->bytes + (s->pad_addr - text->start), 5);
		w = (struct emitter){ .out = pad->bytes, .base = pad_abs };
		put_rip_relative(&w, "\xe9", 1, out_addr);
	}
	if (w.out_of_reach)
		return 0;
	return e.pos;
}
