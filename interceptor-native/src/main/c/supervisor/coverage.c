/* Whether LD_PRELOAD covers the command: a program that never loads glibc's dynamic loader starts through sysfault-exec, or is said to be uncovered. */
#include <elf.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "supervisor.h"

/* libsysfault.so's SYSFAULT_EXIT_STRICT (raw_io/report.h), the one status for "not fully covered". */
#define EXIT_NOT_COVERED 86

/* glibc's dynamic loader on x86-64, whatever directory the program names it in. */
#define GLIBC_LOADER "ld-linux-x86-64.so.2"
#define NOT_X86_64 "not an x86-64 program"

/* Why LD_PRELOAD cannot reach the ELF program open on fd, in a few words; NULL if it can (or it is no ELF file). */
static const char *
why_not_covered(int fd, char *interp, size_t interp_size)
{
	Elf64_Ehdr eh;
	if (pread(fd, &eh, sizeof(eh), 0) != (ssize_t)sizeof(eh) || memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0)
		return NULL;
	if (eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_machine != EM_X86_64)
		return NOT_X86_64;
	for (unsigned i = 0; i < eh.e_phnum; i++) {
		Elf64_Phdr ph;
		if (pread(fd, &ph, sizeof(ph), (off_t)(eh.e_phoff + (Elf64_Off)i * eh.e_phentsize)) != (ssize_t)sizeof(ph))
			return NULL;
		if (ph.p_type != PT_INTERP)
			continue;
		size_t n = ph.p_filesz < interp_size ? ph.p_filesz : interp_size - 1;
		if (pread(fd, interp, n, (off_t)ph.p_offset) != (ssize_t)n)
			return NULL;
		interp[n] = '\0';
		const char *slash = strrchr(interp, '/');
		if (strcmp(slash != NULL ? slash + 1 : interp, GLIBC_LOADER) == 0)
			return NULL;
		return "linked against another C library than glibc (its dynamic loader is not " GLIBC_LOADER ")";
	}
	return "statically linked";
}

/* execve of SYSFAULT_EXEC's sysfault-exec with the command: returns only if that failed. */
static void
exec_through_loader(const char *loader, const char *file, char **argv)
{
	extern char **environ;
	int argc = 0;
	while (argv[argc] != NULL)
		argc++;
	char **v = calloc((size_t)argc + 5, sizeof(char *));
	if (v == NULL)
		return;
	int n = 0;
	v[n++] = (char *)loader;
	if (argc > 0) {
		v[n++] = "--argv0";
		v[n++] = argv[0];
	}
	v[n++] = (char *)file;
	for (int i = 1; i < argc; i++)
		v[n++] = argv[i];
	execve(loader, v, environ);
	free(v);
}

void
cover_or_say(const char *file, char **argv)
{
	const char *preload = getenv("LD_PRELOAD");
	if (preload == NULL || strstr(preload, "libsysfault") == NULL)
		return;
	int fd = open(file, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;   /* execve will say what is wrong with it */
	char interp[256];
	const char *why = why_not_covered(fd, interp, sizeof(interp));
	close(fd);
	if (why == NULL)
		return;
	const char *loader = getenv("SYSFAULT_EXEC");
	if (loader != NULL && loader[0] == '/' && strcmp(why, NOT_X86_64) != 0)
		exec_through_loader(loader, file, argv);
	const char *strict = getenv("SYSFAULT_STRICT");
	int is_strict = strict != NULL && strict[0] != '\0' && strcmp(strict, "0") != 0;
	fprintf(stderr, "sysfault: %s is %s: LD_PRELOAD cannot load libsysfault.so into it, so none of its system calls "
	        "is faulted or traced%s\n", file, why,
	        is_strict ? "; SYSFAULT_STRICT=1: not running it (exit status 86)" : " (SYSFAULT_STRICT=1 refuses to run it)");
	if (is_strict)
		_exit(EXIT_NOT_COVERED);
}
