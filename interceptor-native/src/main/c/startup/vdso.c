/* Finds a function of the kernel's vDSO (clock_gettime without a system call) through its section headers. */
#include <elf.h>
#include <string.h>
#include <sys/auxv.h>
#include "vdso.h"

void *
vdso_symbol(const char *name)
{
	const uint8_t *base = (const uint8_t *)getauxval(AT_SYSINFO_EHDR);
	if (base == NULL)
		return NULL;
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)base;
	if (memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 || eh->e_ident[EI_CLASS] != ELFCLASS64)
		return NULL;
	/* addresses in the vDSO are relative to its first PT_LOAD */
	const Elf64_Phdr *ph = (const Elf64_Phdr *)(base + eh->e_phoff);
	uint64_t load = 0;
	for (int i = 0; i < eh->e_phnum; i++)
		if (ph[i].p_type == PT_LOAD) {
			load = ph[i].p_vaddr;
			break;
		}
	const Elf64_Shdr *sh = (const Elf64_Shdr *)(base + eh->e_shoff);
	for (int i = 0; i < eh->e_shnum; i++) {
		if (sh[i].sh_type != SHT_DYNSYM || sh[i].sh_link >= eh->e_shnum)
			continue;
		const Elf64_Sym *syms = (const Elf64_Sym *)(base + sh[i].sh_offset);
		const char *strings = (const char *)(base + sh[sh[i].sh_link].sh_offset);
		size_t n = sh[i].sh_size / sizeof(Elf64_Sym);
		for (size_t j = 0; j < n; j++)
			if (syms[j].st_shndx != SHN_UNDEF && strcmp(strings + syms[j].st_name, name) == 0)
				return (void *)(base + syms[j].st_value - load);
	}
	return NULL;
}
