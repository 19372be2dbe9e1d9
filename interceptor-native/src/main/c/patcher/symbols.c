/* Function boundaries from an object's ELF symbol table, for code that its unwind table leaves out. */
#include <elf.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include "symbols.h"
#include "raw_io/raw_io.h"

struct elf_file {
	const uint8_t *bytes;
	size_t size;
	const Elf64_Shdr *sections;
	size_t nsections;
};

static int
within(const struct elf_file *f, uint64_t offset, uint64_t len)
{
	return offset <= f->size && len <= f->size - offset;
}

/* 1 when the file's GNU build-id is the loaded object's (or the object has none to compare). */
static int
same_build_id(const struct elf_file *f, const struct loaded_lib *lib)
{
	if (lib->build_id_len == 0)
		return 1;
	for (size_t i = 0; i < f->nsections; i++) {
		const Elf64_Shdr *sh = &f->sections[i];
		if (sh->sh_type != SHT_NOTE || !within(f, sh->sh_offset, sh->sh_size))
			continue;
		const uint8_t *note = f->bytes + sh->sh_offset, *end = note + sh->sh_size;
		while (note + sizeof(Elf64_Nhdr) <= end) {
			const Elf64_Nhdr *nh = (const Elf64_Nhdr *)note;
			const uint8_t *name = note + sizeof(*nh);
			const uint8_t *desc = name + ((nh->n_namesz + 3) & ~3u);
			if (desc + nh->n_descsz > end)
				break;
			if (nh->n_type == NT_GNU_BUILD_ID && nh->n_namesz == 4 && memcmp(name, "GNU", 4) == 0)
				return nh->n_descsz >= lib->build_id_len && memcmp(desc, lib->build_id, lib->build_id_len) == 0;
			note = desc + ((nh->n_descsz + 3) & ~3u);
		}
	}
	return 0;
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static int
cmp_range(const void *a, const void *b)
{
	return cmp_u64(&((const struct function_range *)a)->start, &((const struct function_range *)b)->start);
}

/* A symbol that starts code: a function, or an untyped label (assembly's .globl without .type). */
static const Elf64_Shdr *
code_section_of(const struct elf_file *f, const Elf64_Sym *s)
{
	unsigned type = ELF64_ST_TYPE(s->st_info);
	if ((type != STT_FUNC && type != STT_NOTYPE) || s->st_shndx == SHN_UNDEF || s->st_shndx >= f->nsections)
		return NULL;
	const Elf64_Shdr *sh = &f->sections[s->st_shndx];
	if (!(sh->sh_flags & SHF_EXECINSTR) || s->st_value < sh->sh_addr || s->st_value >= sh->sh_addr + sh->sh_size)
		return NULL;
	return sh;
}

/*
 * An untyped label without a size inside a function that has one (a name given to an instruction,
 * as raw syscall wrappers name their syscall): no function starts there.  Without an unwind table
 * (sysfault-exec's static and Go programs) such a label would otherwise end its function early and
 * begin one that swallows the padding after it.
 */
static int
is_label_inside(const Elf64_Sym *s, const struct function_range *sized, size_t nsized)
{
	if (ELF64_ST_TYPE(s->st_info) != STT_NOTYPE || s->st_size != 0)
		return 0;
	const struct function_range *f = function_at_or_before(sized, nsized, s->st_value);
	return f != NULL && f->start < s->st_value && s->st_value < f->end;
}

/* The smallest of the symbols' starts and the ranges' starts that lies after addr, else limit. */
static uint64_t
next_start(const uint64_t *starts, size_t nstarts, const struct function_range *fns, size_t n,
           uint64_t addr, uint64_t limit)
{
	for (size_t i = 0; i < nstarts; i++)
		if (starts[i] > addr) {
			if (starts[i] < limit)
				limit = starts[i];
			break;
		}
	const struct function_range *f = function_at_or_before(fns, n, addr);
	size_t next = f == NULL ? 0 : (size_t)(f - fns) + 1;
	if (next < n && fns[next].start < limit)
		limit = fns[next].start;
	return limit;
}

static size_t
add_ranges(const struct elf_file *f, const Elf64_Shdr *symtab, const struct loaded_lib *lib,
           struct function_range **fns, size_t *count)
{
	const Elf64_Sym *syms = (const Elf64_Sym *)(f->bytes + symtab->sh_offset);
	size_t nsyms = symtab->sh_size / sizeof(Elf64_Sym), nstarts = 0, added = 0;
	uint64_t *starts = malloc((nsyms + 1) * sizeof(*starts));
	struct function_range *more = malloc((nsyms + 1) * sizeof(*more));
	struct function_range *sized = malloc((nsyms + 1) * sizeof(*sized));
	size_t nsized = 0;
	if (starts == NULL || more == NULL || sized == NULL)
		goto out;
	for (size_t i = 0; i < nsyms; i++)
		if (code_section_of(f, &syms[i]) != NULL && ELF64_ST_TYPE(syms[i].st_info) == STT_FUNC && syms[i].st_size > 0)
			sized[nsized++] = (struct function_range){ syms[i].st_value, syms[i].st_value + syms[i].st_size };
	qsort(sized, nsized, sizeof(*sized), cmp_range);
	for (size_t i = 0; i < nsyms; i++)
		if (code_section_of(f, &syms[i]) != NULL && !is_label_inside(&syms[i], sized, nsized))
			starts[nstarts++] = syms[i].st_value;
	qsort(starts, nstarts, sizeof(*starts), cmp_u64);

	uint64_t text_end = lib->text_start + lib->text_len;
	for (size_t i = 0; i < nsyms; i++) {
		const Elf64_Shdr *sh = code_section_of(f, &syms[i]);
		uint64_t at = syms[i].st_value;
		if (sh == NULL || at < lib->text_start || at >= text_end || is_label_inside(&syms[i], sized, nsized))
			continue;
		const struct function_range *known = function_at_or_before(*fns, *count, at);
		if (known != NULL && at < known->end)
			continue;   /* the unwind table knows it better */
		uint64_t limit = sh->sh_addr + sh->sh_size < text_end ? sh->sh_addr + sh->sh_size : text_end;
		if (syms[i].st_size > 0 && at + syms[i].st_size < limit)
			limit = at + syms[i].st_size;
		uint64_t end = next_start(starts, nstarts, *fns, *count, at, limit);
		int duplicate = 0;
		for (size_t j = 0; j < added && !duplicate; j++)
			duplicate = more[j].start == at;
		if (end > at && !duplicate)
			more[added++] = (struct function_range){ at, end };
	}
	if (added > 0) {
		struct function_range *all = realloc(*fns, (*count + added) * sizeof(*all));
		if (all == NULL) {
			added = 0;
			goto out;
		}
		memcpy(all + *count, more, added * sizeof(*more));
		*count += added;
		qsort(all, *count, sizeof(*all), cmp_range);
		*fns = all;
	}
out:
	free(starts);
	free(more);
	free(sized);
	return added;
}

size_t
functions_add_from_symbols(const struct loaded_lib *lib, struct function_range **fns, size_t *count)
{
	if (lib->path == NULL)
		return 0;
	long fd = raw_open(lib->path, O_RDONLY | O_CLOEXEC, 0);   /* raw: fstat is GLIBC_2.33 */
	if (fd < 0)
		return 0;
	struct stat st;
	void *map = MAP_FAILED;
	if (raw_fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size >= sizeof(Elf64_Ehdr))
		map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, (int)fd, 0);
	raw_close(fd);
	if (map == MAP_FAILED)
		return 0;
	struct elf_file f = { .bytes = map, .size = (size_t)st.st_size };
	const Elf64_Ehdr *eh = map;
	size_t added = 0;
	if (memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 || eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_shentsize != sizeof(Elf64_Shdr) || !within(&f, eh->e_shoff, (uint64_t)eh->e_shnum * sizeof(Elf64_Shdr)))
		goto out;
	f.sections = (const Elf64_Shdr *)(f.bytes + eh->e_shoff);
	f.nsections = eh->e_shnum;
	if (!same_build_id(&f, lib))
		goto out;
	for (size_t i = 0; i < f.nsections; i++) {
		const Elf64_Shdr *sh = &f.sections[i];
		if (sh->sh_type == SHT_SYMTAB && sh->sh_entsize == sizeof(Elf64_Sym) &&
		    within(&f, sh->sh_offset, sh->sh_size)) {
			added = add_ranges(&f, sh, lib, fns, count);
			break;
		}
	}
out:
	munmap(map, (size_t)st.st_size);
	return added;
}
