/* Start-up of Syscall User Dispatch: SIGSYS for every syscall made outside libsysfault.so's own code. */
#include <elf.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include "hook/sud.h"
#include "hook/sud_wanted.h"
#include "sud.h"

#define PR_SET_SYSCALL_USER_DISPATCH_ 59
#define PR_SYS_DISPATCH_OFF_ 0

/* The linker's name for our own ELF header: the start of libsysfault.so in memory. */
extern const Elf64_Ehdr __ehdr_start __attribute__((visibility("hidden")));

/* Our executable segment: the hook path, the trampolines' entry and exit, the raw syscalls. */
int
sud_find_own_code(unsigned long *start, unsigned long *length)
{
	const Elf64_Ehdr *eh = &__ehdr_start;
	const Elf64_Phdr *ph = (const Elf64_Phdr *)((const char *)eh + eh->e_phoff);
	unsigned long base = 0;
	int first = 1;
	for (int i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type != PT_LOAD)
			continue;
		if (first)
			base = (unsigned long)eh - (ph[i].p_vaddr & ~(ph[i].p_align - 1));
		first = 0;
		if (ph[i].p_flags & PF_X) {
			*start = base + ph[i].p_vaddr;
			*length = ph[i].p_memsz;
			return 0;
		}
	}
	return -1;
}

static long
get_action(int sig, struct kernel_sigaction *a)
{
	return sysfault_raw_syscall(SYS_rt_sigaction, sig, 0, (long)a, 8, 0, 0);
}

static long
set_action(int sig, const struct kernel_sigaction *a, struct kernel_sigaction *old)
{
	return sysfault_raw_syscall(SYS_rt_sigaction, sig, (long)a, (long)old, 8, 0, 0);
}

/* Handlers installed before us (another preloaded library's constructor): as sud_signals.c would have. */
static void
adopt_existing_handlers(void)
{
	for (int sig = 1; sig <= 64; sig++) {
		struct kernel_sigaction a;
		if (sig == SIGKILL || sig == SIGSTOP || sig == SUD_SIGSYS || get_action(sig, &a) != 0)
			continue;
		if (a.handler == SIG_DFL || a.handler == SIG_IGN)
			continue;
		a.mask &= ~SUD_SIGSYS_BIT;
		a.flags |= SUD_SA_RESTORER;
		a.restorer = (void *)sysfault_sud_restorer;
		set_action(sig, &a, NULL);
	}
}

int
sud_start(char *why, unsigned long why_size)
{
	const char *env = getenv("SYSFAULT_SUD");
	if (env != NULL && strcmp(env, "0") == 0) {
		snprintf(why, why_size, "SYSFAULT_SUD=0 turns it off");
		return 0;
	}
	sysfault_sud_forced = env != NULL && strcmp(env, "1") == 0;
	if (sud_find_own_code(&sysfault_sud_code_start, &sysfault_sud_code_length) != 0) {
		snprintf(why, why_size, "libsysfault.so's code was not found in its program headers");
		return 0;
	}
	/* SA_NODEFER: a handler of the program's that runs inside ours (chained, or interrupting
	 * it) may make syscalls, whose SIGSYS must not find SIGSYS blocked. */
	struct kernel_sigaction ours = {
		.handler = (void *)sysfault_sud_sigsys,
		.flags = SUD_SA_SIGINFO | SUD_SA_NODEFER | SUD_SA_RESTORER,
		.restorer = (void *)sysfault_sud_restorer,
		.mask = 0,
	};
	struct kernel_sigaction program;
	if (set_action(SUD_SIGSYS, &ours, &program) != 0) {
		snprintf(why, why_size, "SIGSYS could not be given a handler");
		return 0;
	}
	sysfault_sud_program_sigsys = program;
	adopt_existing_handlers();
	unsigned long sigsys = SUD_SIGSYS_BIT;
	sysfault_raw_syscall(SYS_rt_sigprocmask, SIG_UNBLOCK, (long)&sigsys, 0, 8, 0, 0);

	/* Armed once here, so that a kernel without SUD is found now, not at every later call. */
	sysfault_sud_on = 1;
	long r = sysfault_sud_arm_thread();
	if (r != 0) {
		sysfault_sud_on = 0;
		set_action(SUD_SIGSYS, &program, NULL);
		snprintf(why, why_size, "prctl(PR_SET_SYSCALL_USER_DISPATCH) failed with error %ld%s", -r,
		         r == -22 ? " (a kernel before Linux 5.11?)" : "");
		return 0;
	}
	/* Nothing consumes calls yet (no rules, trace or hook): the thread waits until something does. */
	if (!sysfault_sud_wanted()) {
		sysfault_raw_syscall(SYS_prctl, PR_SET_SYSCALL_USER_DISPATCH_, PR_SYS_DISPATCH_OFF_, 0, 0, 0, 0);
		sysfault_sud_thread_armed = 0;
	}
	return 1;
}

int
sud_rewrite_wanted(void)
{
	const char *rewrite = getenv("SYSFAULT_SUD_REWRITE");
	return rewrite == NULL || strcmp(rewrite, "0") != 0;
}
