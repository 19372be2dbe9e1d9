/* Mapping an ELF program and its dynamic loader into memory, as the kernel's execve does. */
#ifndef SYSFAULT_EXEC_ELF_LOAD_H
#define SYSFAULT_EXEC_ELF_LOAD_H

#include <stddef.h>

struct elf_image {
	unsigned long entry;    /* e_entry, relocated */
	unsigned long phdr;     /* its program headers in memory (AT_PHDR) */
	unsigned long phnum;
	unsigned long phent;
	unsigned long bias;     /* where an ET_DYN object went (AT_BASE for the dynamic loader); 0 for ET_EXEC */
};

struct loaded_program {
	struct elf_image program;
	struct elf_image interp;   /* its PT_INTERP, when it has one (interp.entry != 0) */
};

/* Why the file open on fd is no program sysfault-exec maps (NULL: it is one), in a few words. */
const char *elf_unfit(int fd);

/* The program's PT_INTERP into buf: 1, or 0 when it has none (or it cannot be read). */
int elf_interp(int fd, char *buf, size_t size);

/* Maps the program open on fd and its PT_INTERP: 0, or -1 with why filled in. */
int elf_load(int fd, struct loaded_program *out, char *why, size_t size);

#endif
