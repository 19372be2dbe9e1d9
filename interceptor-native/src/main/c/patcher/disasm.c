/* Instruction decoding for the patch planner, on top of capstone (X86 only, start-up only). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <capstone/capstone.h>
#include "disasm.h"

struct disassembler {
	csh handle;
	cs_insn *scratch;
};

struct disassembler *
disassembler_open(void)
{
	struct disassembler *d = calloc(1, sizeof(*d));
	if (d == NULL)
		return NULL;
	if (cs_open(CS_ARCH_X86, CS_MODE_64, &d->handle) != CS_ERR_OK) {
		free(d);
		return NULL;
	}
	cs_option(d->handle, CS_OPT_DETAIL, CS_OPT_ON);
	d->scratch = cs_malloc(d->handle);
	if (d->scratch == NULL) {
		cs_close(&d->handle);
		free(d);
		return NULL;
	}
	return d;
}

void
disassembler_close(struct disassembler *d)
{
	if (d == NULL)
		return;
	cs_free(d->scratch, 1);
	cs_close(&d->handle);
	free(d);
}

static int
in_group(const cs_insn *ci, uint8_t group)
{
	for (uint8_t i = 0; i < ci->detail->groups_count; i++)
		if (ci->detail->groups[i] == group)
			return 1;
	return 0;
}

static void
classify(const cs_insn *ci, struct insn *out)
{
	const cs_x86 *x = &ci->detail->x86;

	out->kind = INSN_PLAIN;
	out->rip_disp_at = 0;
	out->target = 0;

	if (ci->size == 4 && memcmp(ci->bytes, "\xf3\x0f\x1e\xfa", 4) == 0) {
		out->kind = INSN_ENDBR;
		return;
	}
	switch (ci->id) {
	case X86_INS_SYSCALL:
		out->kind = INSN_SYSCALL;
		return;
	case X86_INS_NOP:
	case X86_INS_INT3:
		out->kind = INSN_PADDING;
		return;
	default:
		break;
	}
	if (in_group(ci, CS_GRP_JUMP) || in_group(ci, CS_GRP_CALL) ||
	    in_group(ci, CS_GRP_BRANCH_RELATIVE)) {
		if (x->op_count == 1 && x->operands[0].type == X86_OP_IMM) {
			out->kind = INSN_BRANCH;
			out->target = (uint64_t)x->operands[0].imm;
		} else if (in_group(ci, CS_GRP_JUMP)) {
			out->kind = INSN_INDIRECT_JUMP;
		} else {
			out->kind = INSN_FLOW_OTHER;
		}
		return;
	}
	if (in_group(ci, CS_GRP_RET) || in_group(ci, CS_GRP_INT) || in_group(ci, CS_GRP_IRET) ||
	    ci->id == X86_INS_HLT || ci->id == X86_INS_UD2) {
		out->kind = INSN_FLOW_OTHER;
		return;
	}
	for (uint8_t i = 0; i < x->op_count; i++) {
		const cs_x86_op *op = &x->operands[i];
		if (op->type == X86_OP_MEM && op->mem.base == X86_REG_RIP) {
			if (x->encoding.disp_size == 4 && x->encoding.disp_offset != 0) {
				out->rip_disp_at = x->encoding.disp_offset;
				out->target = ci->address + ci->size + (uint64_t)op->mem.disp;
			} else
				out->kind = INSN_FLOW_OTHER; /* a RIP operand we cannot re-aim */
		}
	}
}

size_t
disassemble(struct disassembler *d, const uint8_t *code, size_t len, uint64_t addr,
            struct insn *out, size_t max, uint64_t *stopped_at)
{
	size_t n = 0;
	const uint8_t *p = code;
	size_t left = len;
	uint64_t at = addr;

	while (left > 0 && n < max) {
		if (!cs_disasm_iter(d->handle, &p, &left, &at, d->scratch))
			break;
		out[n].addr = d->scratch->address;
		out[n].len = (uint8_t)d->scratch->size;
		classify(d->scratch, &out[n]);
		n++;
	}
	*stopped_at = at;
	return n;
}

void
disassemble_to_text(struct disassembler *d, const uint8_t *code, size_t len, uint64_t addr,
                    char *buf, size_t bufsize)
{
	const uint8_t *p = code;
	size_t left = len;
	uint64_t at = addr;

	if (cs_disasm_iter(d->handle, &p, &left, &at, d->scratch))
		snprintf(buf, bufsize, "%s %s", d->scratch->mnemonic, d->scratch->op_str);
	else
		snprintf(buf, bufsize, "(bad)");
}
