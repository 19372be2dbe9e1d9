/* Function boundaries of a loaded library from its unwind tables (.eh_frame_hdr + .eh_frame). */
#include <stdlib.h>
#include <string.h>
#include "functions.h"

#define DW_EH_PE_omit    0xff
#define DW_EH_PE_absptr  0x00
#define DW_EH_PE_uleb128 0x01
#define DW_EH_PE_udata2  0x02
#define DW_EH_PE_udata4  0x03
#define DW_EH_PE_udata8  0x04
#define DW_EH_PE_sleb128 0x09
#define DW_EH_PE_sdata2  0x0a
#define DW_EH_PE_sdata4  0x0b
#define DW_EH_PE_sdata8  0x0c
#define DW_EH_PE_pcrel   0x10
#define DW_EH_PE_datarel 0x30

static uint64_t
read_uleb(const uint8_t **p)
{
	uint64_t v = 0;
	unsigned shift = 0;
	uint8_t b;
	do {
		b = *(*p)++;
		if (shift < 64)
			v |= (uint64_t)(b & 0x7f) << shift;
		shift += 7;
	} while (b & 0x80);
	return v;
}

static int64_t
read_sleb(const uint8_t **p)
{
	int64_t v = 0;
	unsigned shift = 0;
	uint8_t b;
	do {
		b = *(*p)++;
		if (shift < 64)
			v |= (int64_t)(b & 0x7f) << shift;
		shift += 7;
	} while (b & 0x80);
	if (shift < 64 && (b & 0x40))
		v |= -((int64_t)1 << shift);
	return v;
}

/* Reads a pointer in DWARF EH encoding; data_base is for datarel. Returns 0 on an unknown encoding. */
static int
read_encoded(const uint8_t **p, uint8_t enc, uint64_t data_base, uint64_t *out)
{
	const uint8_t *start = *p;
	uint64_t v;
	int16_t s2; int32_t s4; int64_t s8; uint16_t u2; uint32_t u4;

	switch (enc & 0x0f) {
	case DW_EH_PE_absptr:
	case DW_EH_PE_udata8:
	case DW_EH_PE_sdata8: memcpy(&s8, *p, 8); *p += 8; v = (uint64_t)s8; break;
	case DW_EH_PE_udata4: memcpy(&u4, *p, 4); *p += 4; v = u4; break;
	case DW_EH_PE_sdata4: memcpy(&s4, *p, 4); *p += 4; v = (uint64_t)(int64_t)s4; break;
	case DW_EH_PE_udata2: memcpy(&u2, *p, 2); *p += 2; v = u2; break;
	case DW_EH_PE_sdata2: memcpy(&s2, *p, 2); *p += 2; v = (uint64_t)(int64_t)s2; break;
	case DW_EH_PE_uleb128: v = read_uleb(p); break;
	case DW_EH_PE_sleb128: v = (uint64_t)read_sleb(p); break;
	default: return 0;
	}
	switch (enc & 0x70) {
	case 0: break;
	case DW_EH_PE_pcrel: v += (uint64_t)(uintptr_t)start; break;
	case DW_EH_PE_datarel: v += data_base; break;
	default: return 0;
	}
	*out = v;
	return 1;
}

/* The FDE pointer encoding that a CIE's augmentation declares ('R'), absptr if none. */
static int
cie_fde_encoding(const uint8_t *cie, uint8_t *enc)
{
	const uint8_t *p = cie + 4 + 4; /* length, CIE id */
	uint8_t version = *p++;
	const char *aug = (const char *)p;
	p += strlen(aug) + 1;
	read_uleb(&p);        /* code alignment */
	read_sleb(&p);        /* data alignment */
	if (version == 1)
		p++;
	else
		read_uleb(&p);    /* return address register */
	*enc = DW_EH_PE_absptr;
	if (aug[0] != 'z')
		return aug[0] == '\0';
	read_uleb(&p);        /* augmentation data length */
	for (const char *a = aug + 1; *a; a++) {
		uint64_t ignored;
		switch (*a) {
		case 'R': *enc = *p++; break;
		case 'L': p++; break;
		case 'P': { uint8_t penc = *p++; if (!read_encoded(&p, penc, 0, &ignored)) return 0; break; }
		case 'S': case 'B': break;
		default: return 0;
		}
	}
	return 1;
}

/* pc_begin and pc_range of one FDE, as absolute addresses. */
static int
fde_range(const uint8_t *fde, uint64_t *begin, uint64_t *end)
{
	uint32_t len, cie_off;
	memcpy(&len, fde, 4);
	if (len == 0 || len == 0xffffffffu)
		return 0;
	memcpy(&cie_off, fde + 4, 4);
	if (cie_off == 0)
		return 0; /* a CIE, not an FDE */
	uint8_t enc;
	if (!cie_fde_encoding(fde + 4 - cie_off, &enc))
		return 0;
	const uint8_t *p = fde + 8;
	uint64_t range;
	if (!read_encoded(&p, enc, 0, begin) || !read_encoded(&p, enc & 0x0f, 0, &range))
		return 0;
	*end = *begin + range;
	return 1;
}

static int
by_start(const void *a, const void *b)
{
	const struct function_range *x = a, *y = b;
	return x->start < y->start ? -1 : x->start > y->start;
}

struct function_range *
functions_from_eh_frame(uint64_t load_addr, const uint8_t *hdr, size_t *count)
{
	*count = 0;
	if (hdr == NULL || hdr[0] != 1)
		return NULL;
	uint8_t ptr_enc = hdr[1], count_enc = hdr[2], table_enc = hdr[3];
	if (count_enc == DW_EH_PE_omit || table_enc != (DW_EH_PE_datarel | DW_EH_PE_sdata4))
		return NULL;
	const uint8_t *p = hdr + 4;
	uint64_t eh_frame, n;
	uint64_t base = (uint64_t)(uintptr_t)hdr;
	if (!read_encoded(&p, ptr_enc, base, &eh_frame) || !read_encoded(&p, count_enc, base, &n))
		return NULL;
	if (n == 0 || n > (1u << 24))
		return NULL;

	struct function_range *fns = malloc(n * sizeof(*fns));
	if (fns == NULL)
		return NULL;
	size_t kept = 0;
	for (uint64_t i = 0; i < n; i++) {
		int32_t entry[2];
		memcpy(entry, p + i * 8, 8);
		const uint8_t *fde = hdr + entry[1];
		uint64_t begin, end;
		if (!fde_range(fde, &begin, &end) || begin < load_addr || end < begin)
			continue;
		fns[kept].start = begin - load_addr;
		fns[kept].end = end - load_addr;
		kept++;
	}
	qsort(fns, kept, sizeof(*fns), by_start);
	*count = kept;
	return fns;
}

const struct function_range *
function_at_or_before(const struct function_range *fns, size_t n, uint64_t addr)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (fns[mid].start <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo == 0 ? NULL : &fns[lo - 1];
}
