/* Instruction decoding for the patch planner: what each instruction means for moving or jumping over it. */
#ifndef SYSFAULT_DISASM_H
#define SYSFAULT_DISASM_H

#include <stddef.h>
#include <stdint.h>

enum insn_kind {
	INSN_PLAIN,           /* anything that can run elsewhere unchanged (after a RIP fix-up) */
	INSN_SYSCALL,
	INSN_BRANCH,          /* jmp, jcc, call, loop, jrcxz with a known target */
	INSN_INDIRECT_JUMP,   /* jmp through a register or memory: a jump table or a tail call */
	INSN_FLOW_OTHER,      /* ret, indirect call, int, hlt, ud2: must stay where it is */
	INSN_ENDBR,           /* endbr64: the landing pad of an indirect branch */
	INSN_PADDING,         /* nop or int3 */
};

struct insn {
	uint64_t addr;        /* offset from the library's load address */
	uint8_t len;
	uint8_t kind;         /* enum insn_kind */
	uint8_t rip_disp_at;  /* offset of a RIP-relative disp32 in the bytes, 0 if none */
	uint8_t pad;
	uint64_t target;      /* INSN_BRANCH: where it goes; with rip_disp_at: the memory operand's address */
};

struct disassembler;

struct disassembler *disassembler_open(void);
void disassembler_close(struct disassembler *d);

/*
 * Decodes code[0..len) located at addr until len is used up or max
 * instructions are stored.  Returns how many were decoded; *stopped_at is the
 * address where decoding stopped (addr + len when all went well).
 */
size_t disassemble(struct disassembler *d, const uint8_t *code, size_t len, uint64_t addr,
                   struct insn *out, size_t max, uint64_t *stopped_at);

/* Prints one instruction in Intel syntax (golden tests and SYSFAULT_DEBUG). */
void disassemble_to_text(struct disassembler *d, const uint8_t *code, size_t len, uint64_t addr,
                         char *buf, size_t bufsize);

#endif
