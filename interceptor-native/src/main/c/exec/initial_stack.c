/* The stack a program starts on: argc, argv, envp and the auxiliary vector the kernel would build for it. */
#include <elf.h>
#include <stdint.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/random.h>
#include "initial_stack.h"

#define AUX_MAX 32
#define PLATFORM "x86_64"
#ifndef AT_MINSIGSTKSZ
#define AT_MINSIGSTKSZ 51
#endif

static size_t
count(char **v)
{
	size_t n = 0;
	while (v[n] != NULL)
		n++;
	return n;
}

size_t
initial_stack_size(int argc, char **argv, char **envp, const char *execfn)
{
	(void)argv;
	size_t words = 1 + (size_t)argc + 1 + count(envp) + 1 + 2 * AUX_MAX;
	return words * 8 + 16 + sizeof(PLATFORM) + strlen(execfn) + 1 + 64;
}

void *
initial_stack_build(void *area, size_t size, int argc, char **argv, char **envp, const char *execfn,
                    const struct loaded_program *p)
{
	/* Top down: the file name, the platform, AT_RANDOM's bytes; then the vectors, 16-aligned at argc. */
	char *top = (char *)area + size;
	size_t fn_len = strlen(execfn) + 1;
	char *fn = top - fn_len;
	memcpy(fn, execfn, fn_len);
	char *platform = fn - sizeof(PLATFORM);
	memcpy(platform, PLATFORM, sizeof(PLATFORM));
	unsigned char *random = (unsigned char *)((uintptr_t)(platform - 16) & ~(uintptr_t)15);
	if (getrandom(random, 16, 0) != 16)
		memcpy(random, (const void *)getauxval(AT_RANDOM), 16);

	unsigned long aux[2 * AUX_MAX];
	size_t n = 0;
#define AUX(type, value) (aux[n++] = (type), aux[n++] = (unsigned long)(value))
	AUX(AT_PHDR, p->program.phdr);
	AUX(AT_PHENT, p->program.phent);
	AUX(AT_PHNUM, p->program.phnum);
	AUX(AT_PAGESZ, getauxval(AT_PAGESZ));
	AUX(AT_BASE, p->interp.entry != 0 ? p->interp.bias : 0);
	AUX(AT_FLAGS, 0);
	AUX(AT_ENTRY, p->program.entry);
	AUX(AT_UID, getauxval(AT_UID));
	AUX(AT_EUID, getauxval(AT_EUID));
	AUX(AT_GID, getauxval(AT_GID));
	AUX(AT_EGID, getauxval(AT_EGID));
	AUX(AT_SECURE, getauxval(AT_SECURE));
	AUX(AT_RANDOM, random);
	AUX(AT_HWCAP, getauxval(AT_HWCAP));
	AUX(AT_HWCAP2, getauxval(AT_HWCAP2));
	AUX(AT_CLKTCK, getauxval(AT_CLKTCK));
	AUX(AT_PLATFORM, platform);
	AUX(AT_EXECFN, fn);
	if (getauxval(AT_SYSINFO_EHDR) != 0)
		AUX(AT_SYSINFO_EHDR, getauxval(AT_SYSINFO_EHDR));
	if (getauxval(AT_MINSIGSTKSZ) != 0)
		AUX(AT_MINSIGSTKSZ, getauxval(AT_MINSIGSTKSZ));
	AUX(AT_NULL, 0);
#undef AUX

	size_t envc = count(envp);
	size_t words = 1 + (size_t)argc + 1 + envc + 1 + n;
	unsigned long *sp = (unsigned long *)(((uintptr_t)random - words * 8) & ~(uintptr_t)15);
	unsigned long *w = sp;
	*w++ = (unsigned long)argc;
	for (int i = 0; i < argc; i++)
		*w++ = (unsigned long)argv[i];
	*w++ = 0;
	for (size_t i = 0; i < envc; i++)
		*w++ = (unsigned long)envp[i];
	*w++ = 0;
	memcpy(w, aux, n * 8);
	return sp;
}
