/*
 * Golden test driver for the patcher: reads a case (code bytes, function
 * ranges), runs the planner and the trampoline emitter on it exactly as
 * start-up does, and prints every decision, every byte written into the
 * text and every trampoline, disassembled.  The output is compared with the
 * case's .expected file by PatcherGoldenTest.
 *
 * Case file lines:
 *   function START END         a range as .eh_frame would give it (offsets)
 *   code ADDR: HEX BYTES...    bytes of the text at offset ADDR (lines may follow each other)
 *   data ADDR: HEX BYTES...    readable non-code bytes (jump tables)
 *   # anything                 a comment
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "patcher/disasm.h"
#include "patcher/patch_plan.h"
#include "patcher/trampoline.h"
#include "patcher/text_write.h"
#include "contracts/trampoline_layout.h"

#define IMAGE_SIZE 0x10000
#define LOAD_ADDR 0x7f0000000000ULL          /* where the case's library is "loaded" */
#define AREA_ADDR (LOAD_ADDR - 0x100000ULL)  /* where its trampolines go */

static uint8_t image[IMAGE_SIZE];
static struct function_range fns[256];
static size_t nfns;

static void
die(const char *what, const char *line)
{
	fprintf(stderr, "patcher_golden: %s: %s\n", what, line);
	exit(2);
}

static void
read_case(FILE *f, struct text_image *t)
{
	char line[4096];
	uint64_t lo = UINT64_MAX, hi = 0;
	memset(image, 0xcc, sizeof(image));
	while (fgets(line, sizeof(line), f)) {
		char *p = line;
		if (line[0] == '#' || line[0] == '\n')
			continue;
		if (strncmp(line, "function ", 9) == 0) {
			if (sscanf(line + 9, "%lx %lx", &fns[nfns].start, &fns[nfns].end) != 2)
				die("bad function line", line);
			nfns++;
			continue;
		}
		int is_code = strncmp(line, "code ", 5) == 0;
		if (!is_code && strncmp(line, "data ", 5) != 0)
			die("unknown line", line);
		uint64_t at = strtoull(line + 5, &p, 16);
		if (*p++ != ':')
			die("expected ADDR:", line);
		for (;;) {
			char *end;
			unsigned long b = strtoul(p, &end, 16);
			if (end == p)
				break;
			if (at >= IMAGE_SIZE || b > 0xff)
				die("byte out of range", line);
			if (is_code) {
				if (at < lo) lo = at;
				if (at + 1 > hi) hi = at + 1;
			}
			image[at++] = (uint8_t)b;
			p = end;
		}
	}
	if (lo >= hi)
		die("no code", "");
	t->bytes = image + lo;
	t->start = lo;
	t->len = hi - lo;
	t->image = image;
	t->readable[0].start = 0;
	t->readable[0].end = IMAGE_SIZE;
	t->nreadable = 1;
}

static void
print_disassembly(struct disassembler *d, const uint8_t *code, size_t len, uint64_t addr, const char *indent)
{
	struct insn in;
	uint64_t stop;
	for (size_t off = 0; off < len;) {
		char text[128];
		size_t n = 1;
		if (disassemble(d, code + off, len - off, addr + off, &in, 1, &stop) == 1)
			n = in.len;
		disassemble_to_text(d, code + off, n, addr + off, text, sizeof(text));
		printf("%s%#lx:", indent, (unsigned long)(addr + off));
		for (size_t i = 0; i < n; i++)
			printf(" %02x", code[off + i]);
		printf("%*s%s", (int)(3 * (12 - (n < 12 ? n : 12)) + 2), "", text);
		if (n == in.len && in.rip_disp_at != 0)
			printf("    ; RIP operand at %#lx", (unsigned long)in.target);
		printf("\n");
		off += n;
	}
}

int
main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: patcher_golden CASE\n");
		return 2;
	}
	FILE *f = fopen(argv[1], "r");
	if (f == NULL)
		die("cannot open", argv[1]);
	struct text_image text;
	read_case(f, &text);
	fclose(f);

	struct disassembler *d = disassembler_open();
	struct patch_plan plan;
	if (d == NULL || plan_patches(d, &text, fns, nfns, &plan) < 0)
		die("planner failed", argv[1]);
	printf("%zu syscall sites; %zu byte pairs 0f 05 inside other instructions, %zu outside every function\n",
	       plan.count, plan.false_candidates, plan.outside_functions);

	static uint8_t area[65536];
	size_t pos = TRAMPOLINE_FIRST_SITE;
	for (size_t i = 0; i < plan.count; i++) {
		const struct patch_site *s = &plan.sites[i];
		printf("\nsite +%#lx: ", (unsigned long)s->syscall_addr);
		if (s->style == PATCH_SKIPPED) {
			printf("NOT patched: %s\n", skip_reason_text(s->reason));
			continue;
		}
		if (s->style == PATCH_PADDING_JUMP)
			printf("short jump to padding at +%#lx\n", (unsigned long)s->pad_addr);
		else
			printf("%u bytes from +%#lx move to the trampoline (%u before, %u after the syscall)\n",
			       s->region_len, (unsigned long)s->region_start, s->moved_before, s->moved_after);
		struct text_write writes[2];
		uint64_t at = AREA_ADDR + pos;
		size_t len = emit_trampoline(s, &text, LOAD_ADDR, area + pos, at, AREA_ADDR);
		if (len == 0) {
			printf("  trampoline out of reach\n");
			continue;
		}
		size_t nw = site_patch_bytes(s, LOAD_ADDR, at, writes);
		for (size_t w = 0; w < nw; w++) {
			printf("  text %#lx (+%#lx) was:\n", (unsigned long)writes[w].addr,
			       (unsigned long)(writes[w].addr - LOAD_ADDR));
			print_disassembly(d, image + (writes[w].addr - LOAD_ADDR), writes[w].len, writes[w].addr, "    ");
			printf("  becomes:\n");
			print_disassembly(d, writes[w].bytes, writes[w].len, writes[w].addr, "    ");
		}
		printf("  trampoline at %#lx (%zu bytes):\n", (unsigned long)at, len);
		print_disassembly(d, area + pos, len, at, "    ");
		pos += (len + 15) & ~(size_t)15;
	}
	patch_plan_free(&plan);
	disassembler_close(d);
	return 0;
}
