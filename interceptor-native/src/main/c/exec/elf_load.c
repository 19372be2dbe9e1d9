/* Mapping an ELF program and its dynamic loader (PT_INTERP) into memory, as the kernel's execve does. */
#include <elf.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "elf_load.h"

#define PAGE 4096UL
#define MAX_PHDRS 64
#define PAGE_DOWN(x) ((x) & ~(PAGE - 1))
#define PAGE_UP(x) (((x) + PAGE - 1) & ~(PAGE - 1))

static int
read_headers(int fd, Elf64_Ehdr *eh, Elf64_Phdr ph[MAX_PHDRS])
{
	if (pread(fd, eh, sizeof(*eh), 0) != (ssize_t)sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0)
		return -1;
	if (eh->e_phentsize != sizeof(Elf64_Phdr) || eh->e_phnum == 0 || eh->e_phnum > MAX_PHDRS)
		return -1;
	size_t n = (size_t)eh->e_phnum * sizeof(Elf64_Phdr);
	return pread(fd, ph, n, (off_t)eh->e_phoff) == (ssize_t)n ? 0 : -1;
}

const char *
elf_unfit(int fd)
{
	Elf64_Ehdr eh;
	if (pread(fd, &eh, sizeof(eh), 0) != (ssize_t)sizeof(eh) || memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0)
		return "not an ELF program";
	if (eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_machine != EM_X86_64)
		return "not an x86-64 program";
	if (eh.e_type != ET_EXEC && eh.e_type != ET_DYN)
		return "not an executable ELF file";
	return NULL;
}

int
elf_interp(int fd, char *buf, size_t size)
{
	Elf64_Ehdr eh;
	Elf64_Phdr ph[MAX_PHDRS];
	if (read_headers(fd, &eh, ph) != 0)
		return 0;
	for (int i = 0; i < eh.e_phnum; i++)
		if (ph[i].p_type == PT_INTERP && ph[i].p_filesz > 0 && ph[i].p_filesz < size &&
		    pread(fd, buf, ph[i].p_filesz, (off_t)ph[i].p_offset) == (ssize_t)ph[i].p_filesz) {
			buf[ph[i].p_filesz] = '\0';
			return 1;
		}
	return 0;
}

static int
fail(char *why, size_t size, const char *what)
{
	snprintf(why, size, "%s", what);
	return -1;
}

static int
prot_of(unsigned flags)
{
	return (flags & PF_R ? PROT_READ : 0) | (flags & PF_W ? PROT_WRITE : 0) | (flags & PF_X ? PROT_EXEC : 0);
}

/* One PT_LOAD: its file pages, then zeros up to p_memsz (the .bss). */
static int
map_segment(int fd, const Elf64_Phdr *p, unsigned long bias)
{
	unsigned long start = bias + p->p_vaddr, file_end = start + p->p_filesz, mem_end = start + p->p_memsz;
	int prot = prot_of(p->p_flags);
	if (p->p_filesz > 0) {
		/* The rest of the file's last page belongs to the .bss: zeroed, writable meanwhile. */
		int zero_tail = file_end < PAGE_UP(file_end) && mem_end > file_end;
		void *at = mmap((void *)PAGE_DOWN(start), file_end - PAGE_DOWN(start), zero_tail ? prot | PROT_WRITE : prot,
		                MAP_PRIVATE | MAP_FIXED, fd, (off_t)PAGE_DOWN(p->p_offset));
		if (at == MAP_FAILED)
			return -1;
		if (zero_tail) {
			memset((void *)file_end, 0, PAGE_UP(file_end) - file_end);
			if (!(prot & PROT_WRITE))
				mprotect((void *)PAGE_DOWN(start), file_end - PAGE_DOWN(start), prot);
		}
	}
	unsigned long zeros = p->p_filesz > 0 ? PAGE_UP(file_end) : PAGE_DOWN(start);
	if (PAGE_UP(mem_end) > zeros &&
	    mmap((void *)zeros, PAGE_UP(mem_end) - zeros, prot, MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS, -1, 0) == MAP_FAILED)
		return -1;
	return 0;
}

static int
map_object(int fd, struct elf_image *out, char *interp, size_t interp_size, char *why, size_t size)
{
	Elf64_Ehdr eh;
	Elf64_Phdr ph[MAX_PHDRS];
	if (read_headers(fd, &eh, ph) != 0)
		return fail(why, size, "its ELF headers cannot be read");
	unsigned long lo = ~0UL, hi = 0;
	for (int i = 0; i < eh.e_phnum; i++) {
		if (ph[i].p_type != PT_LOAD)
			continue;
		if ((ph[i].p_vaddr - ph[i].p_offset) % PAGE != 0)
			return fail(why, size, "a PT_LOAD segment is not page-aligned with its file offset");
		if (PAGE_DOWN(ph[i].p_vaddr) < lo)
			lo = PAGE_DOWN(ph[i].p_vaddr);
		if (PAGE_UP(ph[i].p_vaddr + ph[i].p_memsz) > hi)
			hi = PAGE_UP(ph[i].p_vaddr + ph[i].p_memsz);
	}
	if (hi <= lo)
		return fail(why, size, "it has no PT_LOAD segment");
	/* The whole span reserved first: an ET_DYN object anywhere, an ET_EXEC one at its own addresses. */
	int fixed = eh.e_type == ET_EXEC;
	void *base = mmap(fixed ? (void *)lo : NULL, hi - lo, PROT_NONE,
	                  MAP_PRIVATE | MAP_ANONYMOUS | (fixed ? MAP_FIXED_NOREPLACE : 0), -1, 0);
	if (base == MAP_FAILED || (fixed && (unsigned long)base != lo)) {
		snprintf(why, size, "its addresses %#lx-%#lx are taken", lo, hi);
		return -1;
	}
	unsigned long bias = (unsigned long)base - lo;
	out->phdr = 0;
	for (int i = 0; i < eh.e_phnum; i++) {
		if (ph[i].p_type == PT_LOAD && map_segment(fd, &ph[i], bias) != 0)
			return fail(why, size, "a PT_LOAD segment cannot be mapped");
		if (ph[i].p_type == PT_PHDR)
			out->phdr = bias + ph[i].p_vaddr;
		if (ph[i].p_type == PT_INTERP && interp != NULL) {
			if (ph[i].p_filesz == 0 || ph[i].p_filesz >= interp_size ||
			    pread(fd, interp, ph[i].p_filesz, (off_t)ph[i].p_offset) != (ssize_t)ph[i].p_filesz)
				return fail(why, size, "its PT_INTERP cannot be read");
			interp[ph[i].p_filesz] = '\0';
		}
	}
	/* No PT_PHDR (static programs often have none): the headers inside the segment that holds them. */
	for (int i = 0; i < eh.e_phnum && out->phdr == 0; i++)
		if (ph[i].p_type == PT_LOAD && eh.e_phoff >= ph[i].p_offset && eh.e_phoff < ph[i].p_offset + ph[i].p_filesz)
			out->phdr = bias + ph[i].p_vaddr + (eh.e_phoff - ph[i].p_offset);
	out->entry = bias + eh.e_entry;
	out->phnum = eh.e_phnum;
	out->phent = sizeof(Elf64_Phdr);
	out->bias = bias;
	return 0;
}

int
elf_load(int fd, struct loaded_program *out, char *why, size_t size)
{
	char interp[256] = "";
	memset(out, 0, sizeof(*out));
	if (map_object(fd, &out->program, interp, sizeof(interp), why, size) != 0)
		return -1;
	if (interp[0] == '\0')
		return 0;
	int ifd = open(interp, O_RDONLY | O_CLOEXEC);
	if (ifd < 0) {
		snprintf(why, size, "its dynamic loader %s cannot be opened", interp);
		return -1;
	}
	char inner[160];
	int r = elf_unfit(ifd) == NULL ? map_object(ifd, &out->interp, NULL, 0, inner, sizeof(inner))
	                               : fail(inner, sizeof(inner), "it is no x86-64 ELF object");
	close(ifd);
	if (r != 0)
		snprintf(why, size, "its dynamic loader %s: %s", interp, inner);
	return r;
}
