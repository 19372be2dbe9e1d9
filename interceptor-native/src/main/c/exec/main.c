/* sysfault-exec PROGRAM ARGS...: runs a program that LD_PRELOAD cannot reach (static, musl, Go) with every system call through sysfault's rules and trace.
 *
 * The way, file by file (the library's own flow is drawn in startup/init.c):
 *   main                          this file: finds PROGRAM, reads SYSFAULT_RULES, _CONTROL, _TRACE as the library does
 *    -> thread_blocks_init        thread_block.c: per-thread state through %gs (the program owns %fs)
 *    -> elf_load                  elf_load.c: PROGRAM's PT_LOAD segments and its PT_INTERP, as execve maps them
 *    -> mapped_sites_prepare      mapped_sites.c: their sites that a caught call may rewrite, trampolines ready
 *    -> sud_arm                   this file: SIGSYS to sigsys.c, Syscall User Dispatch on, only our code let through
 *    -> initial_stack_build       initial_stack.c: argc, argv, envp, the auxiliary vector
 *    -> sysfault_exec_start       clone_child.S: the program's entry point
 * Then every syscall of the program arrives as SIGSYS:
 *   sysfault_exec_sigsys          sigsys.c: new threads (clone_child.S), vfork, rt_sigreturn; the rest to
 *    -> sysfault_sud_sigsys       hook/sud_entry.c, the library's handler: the same dispatcher, rules and trace
 *        -> sysfault_sud_rewrite  hook/sud_rewrite.c: a listed site becomes a jump to its trampoline, whose
 *                                 calls enter through trampoline_entry.S (sysfault_exec_entry): no signal
 * A program that cannot be covered (another architecture, a kernel without SUD) is said so on stderr and run
 * as it is, or not at all under SYSFAULT_STRICT=1 (exit status 86), as the library does.
 */
#include <alloca.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/rseq.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "control/rule_table.h"
#include "hook/exec_check.h"
#include "hook/sud.h"
#include "hook/sud_wanted.h"
#include "raw_io/report.h"
#include "startup/control_file.h"
#include "startup/sud.h"
#include "startup/trace_setup.h"
#include "elf_load.h"
#include "initial_stack.h"
#include "mapped_sites.h"
#include "preload_env.h"
#include "sigsys.h"
#include "thread_block.h"

#define SA_ONSTACK_ 0x08000000UL
#define EXIT_CANNOT_RUN 127

void sysfault_exec_start(unsigned long entry, void *stack) __attribute__((noreturn));

static int
strict(void)
{
	const char *v = getenv("SYSFAULT_STRICT");
	return v != NULL && v[0] != '\0' && strcmp(v, "0") != 0;
}

/* PROGRAM as execvp finds it: a name without a slash is looked up in PATH. */
static const char *
find_program(const char *name, char *buf, size_t size)
{
	if (strchr(name, '/') != NULL)
		return name;
	const char *path = getenv("PATH");
	for (const char *dir = path != NULL ? path : "/usr/local/bin:/usr/bin:/bin"; *dir != '\0';) {
		size_t len = strcspn(dir, ":");
		if ((size_t)snprintf(buf, size, "%.*s/%s", (int)len, len == 0 ? "." : dir, name) < size &&
		    access(buf, X_OK) == 0)
			return buf;
		dir += len + (dir[len] == ':');
	}
	return name;
}

/* Not covered after all: said once, then the program runs as it is (strictly: not at all). */
static void __attribute__((noreturn))
run_uncovered(const char *program, char **argv, const char *why)
{
	char shown[REPORT_PATH_MAX];
	report("sysfault: %s is %s: sysfault-exec cannot run it under Syscall User Dispatch, so none of its system calls "
	       "is faulted or traced%s", report_path(program, shown), why,
	       strict() ? "; SYSFAULT_STRICT=1: not running it (exit status 86)" : " (SYSFAULT_STRICT=1 refuses to run it)");
	if (strict())
		_exit(SYSFAULT_EXIT_STRICT);
	execv(program, argv);
	report("sysfault-exec: %s: %s", report_path(program, shown), strerror(errno));
	_exit(EXIT_CANNOT_RUN);
}

/*
 * SIGSYS to our handler, then SUD on for this thread with our code (the loader, its copy of the hook path and
 * its C library) as the only range let through.  SA_ONSTACK: a Go thread makes its calls on a goroutine's
 * small stack, where a signal frame and the dispatcher may not fit; its alternate stack is meant for them.
 */
static long
sud_arm(void)
{
	if (sud_find_own_code(&sysfault_sud_code_start, &sysfault_sud_code_length) != 0)
		return -ENOEXEC;
	struct kernel_sigaction ours = {
		.handler = (void *)sysfault_exec_sigsys,
		.flags = SUD_SA_SIGINFO | SUD_SA_NODEFER | SUD_SA_RESTORER | SA_ONSTACK_,
		.restorer = (void *)sysfault_sud_restorer,
		.mask = 0,
	};
	if (sysfault_raw_syscall(SYS_rt_sigaction, SUD_SIGSYS, (long)&ours, (long)&sysfault_sud_program_sigsys, 8, 0, 0) != 0)
		return -EINVAL;
	unsigned long sigsys = SUD_SIGSYS_BIT;
	sysfault_raw_syscall(SYS_rt_sigprocmask, SIG_UNBLOCK, (long)&sigsys, 0, 8, 0, 0);
	/* Every thread, whatever consumes its calls: the program's only way to us is SUD. */
	sysfault_sud_forced = 1;
	sysfault_sud_on = 1;
	long r = sysfault_sud_arm_thread();
	if (r != 0)
		sysfault_sud_on = 0;
	return r;
}

/* SYSFAULT_EXEC, else this program itself: what every execve of the program goes through (hook/exec_check.c). */
static void
know_the_loader(void)
{
	const char *named = getenv("SYSFAULT_EXEC");
	if (named != NULL && named[0] == '/' && strlen(named) < sizeof(sysfault_exec_loader))
		strcpy(sysfault_exec_loader, named);
	else if (readlink("/proc/self/exe", sysfault_exec_loader, sizeof(sysfault_exec_loader) - 1) < 0)
		sysfault_exec_loader[0] = '\0';
	sysfault_exec_every_program = 1;
	sysfault_exec_strict = strict();
}

/* glibc's dynamic loader, whatever directory the program names it in: LD_PRELOAD reaches such a program. */
static int
is_glibc_loader(const char *interp)
{
	const char *slash = strrchr(interp, '/');
	return strcmp(slash != NULL ? slash + 1 : interp, "ld-linux-x86-64.so.2") == 0;
}

int
main(int argc, char **argv)
{
	/* --argv0 NAME: the program's argv[0] when it is not PROGRAM (an execve that came through us). */
	int first = argc > 3 && strcmp(argv[1], "--argv0") == 0 ? 3 : 1;
	if (argc <= first || argv[first][0] == '-') {
		fprintf(stderr, "usage: sysfault-exec [--argv0 NAME] PROGRAM [ARGS...]\n"
		        "  runs PROGRAM (static, musl or Go: what LD_PRELOAD cannot reach) with every system call\n"
		        "  through the rules of SYSFAULT_RULES or SYSFAULT_CONTROL and into SYSFAULT_TRACE\n");
		return 2;
	}
	char found[4096], why[256], shown[REPORT_PATH_MAX], interp[256];
	const char *program = find_program(argv[first], found, sizeof(found));
	char **args = argv + first;
	int nargs = argc - first;
	if (first == 3)
		args[0] = argv[2];
	if (thread_blocks_init(why, sizeof(why)) != 0 || thread_block_enter(thread_block_claim()) != 0) {
		report("sysfault-exec: %s", why);
		return EXIT_CANNOT_RUN;
	}
	thread_block_self()->tid = sysfault_raw_syscall(SYS_gettid, 0, 0, 0, 0, 0, 0);
	know_the_loader();

	if (program == argv[first] && strchr(program, '/') == NULL) {
		report("sysfault-exec: %s: executable file not found in PATH", program);
		return EXIT_CANNOT_RUN;
	}
	int fd = access(program, X_OK) == 0 ? open(program, O_RDONLY | O_CLOEXEC) : -1;
	if (fd < 0) {
		report("sysfault-exec: %s: %s", report_path(program, shown), strerror(errno));
		return errno == ENOENT ? EXIT_CANNOT_RUN : 126;
	}
	const char *unfit = elf_unfit(fd);
	int has_interp = unfit == NULL && elf_interp(fd, interp, sizeof(interp));
	if ((unfit != NULL && strcmp(unfit, "not an ELF program") == 0) || (has_interp && is_glibc_loader(interp))) {
		/* A script (its interpreter is a program of its own), or a program LD_PRELOAD reaches: run as it is. */
		preload_back();
		execv(program, args);
		report("sysfault-exec: %s: %s", report_path(program, shown), strerror(errno));
		return 126;
	}
	if (unfit != NULL)
		run_uncovered(program, args, unfit);
	if (has_interp)
		preload_aside();
	if (realpath(program, sysfault_exec_program) == NULL)
		snprintf(sysfault_exec_program, sizeof(sysfault_exec_program), "%s", program);

	/* Before the program's memory exists: a table that fails its checks stops here. */
	rule_table_load(args[0]);
	control_file_setup();
	trace_setup();

	struct loaded_program p;
	if (elf_load(fd, &p, why, sizeof(why)) != 0) {
		report("sysfault-exec: %s cannot be loaded: %s", report_path(program, shown), why);
		return 126;
	}
	close(fd);
	mapped_sites_prepare(&p, sysfault_exec_program, has_interp ? interp : NULL);
	long r = sud_arm();
	if (r != 0) {
		snprintf(why, sizeof(why), "on a kernel without Syscall User Dispatch (prctl failed with error %ld)", -r);
		run_uncovered(program, args, why);
	}
	/* The program's C library registers its own rseq area; the kernel takes one per thread. */
	if (__rseq_size > 0)
		sysfault_raw_syscall(SYS_rseq, (long)((char *)__builtin_thread_pointer() + __rseq_offset), __rseq_size,
		                     RSEQ_FLAG_UNREGISTER, RSEQ_SIG, 0, 0);
	size_t size = initial_stack_size(nargs, args, environ, program);
	void *area = alloca(size);
	void *sp = initial_stack_build(area, size, nargs, args, environ, program, &p);
	sysfault_exec_start(p.interp.entry != 0 ? p.interp.entry : p.program.entry, sp);
}
