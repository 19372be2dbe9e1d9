/* The patch plan of one library: every syscall instruction, and how (or why not) it is patched. */
#ifndef SYSFAULT_PATCH_PLAN_H
#define SYSFAULT_PATCH_PLAN_H

#include <stddef.h>
#include <stdint.h>
#include "disasm.h"
#include "functions.h"

enum patch_style {
	PATCH_SKIPPED,        /* left alone; reason says why */
	PATCH_PADDING_JUMP,   /* syscall -> 2-byte jmp to a 5-byte jmp placed in padding between functions */
	PATCH_RELOCATE,       /* syscall and neighbours -> 5-byte jmp; the neighbours run in the trampoline */
};

enum skip_reason {
	SKIP_NONE,
	SKIP_UNDECODABLE,
	SKIP_NO_ROOM,
	SKIP_TRAMPOLINE_OUT_OF_REACH,
};

#define MAX_MOVED 6
#define MAX_REGION 32   /* most bytes overwritten at one site */

/* An instruction that moves into the trampoline. */
struct moved_insn {
	uint8_t at;           /* offset from region_start */
	uint8_t len;
	uint8_t rip_disp_at;  /* offset of its RIP-relative disp32, 0 if none */
};

struct patch_site {
	uint64_t syscall_addr;   /* offsets from the library's load address */
	uint64_t region_start;   /* first byte overwritten at the site */
	uint64_t pad_addr;       /* PATCH_PADDING_JUMP: where the 5-byte jmp goes */
	uint8_t style;           /* enum patch_style */
	uint8_t reason;          /* enum skip_reason */
	uint8_t region_len;      /* bytes overwritten at the site */
	uint8_t moved_before;    /* PATCH_RELOCATE: instructions before the syscall ... */
	uint8_t moved_after;     /* ... and after it */
	struct moved_insn moved[MAX_MOVED];
};

struct patch_plan {
	struct patch_site *sites;
	size_t count;
	size_t false_candidates;  /* 0f 05 byte pairs inside functions that are not a syscall instruction */
	size_t outside_functions; /* 0f 05 byte pairs outside every function .eh_frame lists (data) */
};

/* A range of a library's image that may be read, as offsets from its load address. */
struct readable_range {
	uint64_t start, end;
};

#define MAX_READABLE 8

/* The executable bytes of a library, at offset start from its load address. */
struct text_image {
	const uint8_t *bytes;     /* the byte at offset start */
	uint64_t start;
	size_t len;
	const uint8_t *image;     /* the byte at offset 0 (the load address) */
	struct readable_range readable[MAX_READABLE]; /* where jump tables may be read */
	size_t nreadable;
};

/*
 * Finds every syscall instruction in the text and chooses how to patch it:
 * a padding jump where padding is in reach, else moving neighbours into the
 * trampoline where that is provably safe, else skipping it with a reason.
 * Returns 0, or -1 when out of memory.
 */
int plan_patches(struct disassembler *d, const struct text_image *text,
                 const struct function_range *fns, size_t nfns, struct patch_plan *plan);

void patch_plan_free(struct patch_plan *plan);

const char *skip_reason_text(enum skip_reason r);

#endif
