/* Before an execve: a program that never loads glibc's dynamic loader will run without us, so say so. */
#include <elf.h>
#include <fcntl.h>
#include <unistd.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include "exec_check.h"
#include "user_memory.h"

#define EXIT_NOT_COVERED 86   /* SYSFAULT_EXIT_STRICT (raw_io/report.h) */
#define LOADER "ld-linux-x86-64.so.2"

int sysfault_exec_strict;
char sysfault_exec_loader[256];
int sysfault_exec_every_program;

static long
pread_all(long fd, void *buf, long n, long offset)
{
	return sysfault_raw_syscall(SYS_pread64, fd, (long)buf, n, offset, 0, 0) == n ? 0 : -1;
}

static int
ends_with_loader(const char *interp)
{
	const char *base = interp;
	for (const char *p = interp; *p != '\0'; p++)
		if (*p == '/')
			base = p + 1;
	const char *want = LOADER;
	while (*base != '\0' && *base == *want) {
		base++;
		want++;
	}
	return *base == '\0' && *want == '\0';
}

/* Why the ELF program open on fd cannot be covered; NULL if it can, or is no x86-64 ELF program. */
static const char *
why_not_covered(long fd)
{
	Elf64_Ehdr eh;
	if (pread_all(fd, &eh, sizeof(eh), 0) != 0 || eh.e_ident[0] != ELFMAG0 || eh.e_ident[1] != ELFMAG1 ||
	    eh.e_ident[2] != ELFMAG2 || eh.e_ident[3] != ELFMAG3 || eh.e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh.e_machine != EM_X86_64 || (eh.e_type != ET_EXEC && eh.e_type != ET_DYN))
		return NULL;
	for (unsigned i = 0; i < eh.e_phnum; i++) {
		Elf64_Phdr ph;
		if (pread_all(fd, &ph, sizeof(ph), (long)(eh.e_phoff + (Elf64_Off)i * eh.e_phentsize)) != 0)
			return NULL;
		if (ph.p_type != PT_INTERP)
			continue;
		char interp[256];
		long n = ph.p_filesz < sizeof(interp) ? (long)ph.p_filesz : (long)sizeof(interp) - 1;
		if (pread_all(fd, interp, n, (long)ph.p_offset) != 0)
			return NULL;
		interp[n] = '\0';
		return ends_with_loader(interp) ? NULL
		                                : "linked against another C library than glibc (its dynamic loader is not " LOADER ")";
	}
	return "statically linked";
}

static char *
append(char *at, const char *end, const char *s)
{
	while (*s != '\0' && at < end)
		*at++ = *s++;
	return at;
}

#define MAX_ARGS (1L << 20)
#define PROT_RW 3
#define MAP_PRIVATE_ANONYMOUS 0x22

/* f's execve made sysfault-exec's, with the program's path and argv[0] passed on: 1, or 0 if it cannot be. */
static int
through_loader(struct syscall_frame *f)
{
	char *const *argv = (char *const *)f->args[1];
	char *arg;
	long argc = 0;
	while (argv != NULL && argc < MAX_ARGS && sysfault_read_user_block(&argv[argc], &arg, sizeof(arg)) && arg != NULL)
		argc++;
	long size = (argc + 5) * (long)sizeof(char *);
	long m = sysfault_raw_syscall(SYS_mmap, 0, size, PROT_RW, MAP_PRIVATE_ANONYMOUS, -1, 0);
	if (m < 0 && m > -4096)
		return 0;
	char **v = (char **)m;
	long n = 0;
	v[n++] = sysfault_exec_loader;
	if (argc > 0) {
		v[n++] = "--argv0";
		v[n++] = argv[0];
	}
	v[n++] = (char *)f->args[0];
	for (long i = 1; i < argc; i++)
		v[n++] = argv[i];
	v[n] = NULL;
	f->args[0] = (long)sysfault_exec_loader;
	f->args[1] = (long)v;
	return 1;
}

void
sysfault_check_exec(struct syscall_frame *f)
{
	/* Not one execve would run (missing, not executable): it will say what is wrong with it. */
	if (sysfault_raw_syscall(SYS_faccessat, AT_FDCWD, f->args[0], X_OK, 0, 0, 0) != 0)
		return;
	long fd = sysfault_raw_syscall(SYS_openat, AT_FDCWD, f->args[0], O_RDONLY | O_CLOEXEC, 0, 0, 0);
	if (fd < 0)
		return;
	const char *why = why_not_covered(fd);
	struct stat st;
	/* A set-user-ID program that sysfault-exec started would run without its privileges: not that. */
	int privileged = sysfault_raw_syscall(SYS_fstat, fd, (long)&st, 0, 0, 0, 0) == 0 &&
	                 (st.st_mode & (S_ISUID | S_ISGID)) != 0;
	sysfault_raw_syscall(SYS_close, fd, 0, 0, 0, 0, 0);
	if (privileged && why != NULL)
		why = why[0] == 's' ? "statically linked and set-user-ID or set-group-ID (sysfault-exec would start it "
		                      "without its privileges)"
		                    : "linked against another C library than glibc and set-user-ID or set-group-ID "
		                      "(sysfault-exec would start it without its privileges)";
	/* Inside sysfault-exec every program goes through it, scripts too: it puts LD_PRELOAD back for glibc's. */
	if (!privileged && (why != NULL || sysfault_exec_every_program) && sysfault_exec_loader[0] != '\0' &&
	    through_loader(f))
		return;
	if (why == NULL)
		return;
	char path[256], line[640];
	if (sysfault_read_user_string((const void *)f->args[0], path, sizeof(path)) < 0)
		path[0] = '\0';
	char *end = line + sizeof(line) - 1, *at = line;
	at = append(at, end, "sysfault: ");
	at = append(at, end, path);
	at = append(at, end, " is ");
	at = append(at, end, why);
	at = append(at, end, ": LD_PRELOAD cannot load libsysfault.so into it, so none of its system calls is faulted or traced");
	at = append(at, end, sysfault_exec_strict ? "; SYSFAULT_STRICT=1: not running it (exit status 86)"
	                                          : " (SYSFAULT_STRICT=1 refuses to run it)");
	*at++ = '\n';
	sysfault_raw_syscall(SYS_write, 2, (long)line, at - line, 0, 0, 0);
	if (sysfault_exec_strict)
		sysfault_raw_syscall(SYS_exit_group, EXIT_NOT_COVERED, 0, 0, 0, 0, 0);
}
