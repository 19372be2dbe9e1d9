/* Says whether the main thread is under Syscall User Dispatch, as a debugger sees it, then makes a raw getppid. */
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "sysfault_control.h"

/*
 *   sud_state [load=FILE]
 *
 * load=FILE   loads the rule table FILE through the control API first; prints "load = R"
 * Then prints "main thread under SUD: yes" or "no" (or "unknown: WHY" where this process may not
 * be traced, or the kernel is older than 6.2), and "raw getppid: ok" or "raw getppid: errno N"
 * for a getppid from a syscall instruction of this program.
 *
 * The answer comes from PTRACE_GET_SYSCALL_USER_DISPATCH_CONFIG, asked by a fork child that
 * attaches to this process while it waits for the answer: a process cannot ask about itself.
 */
#define GET_SUD_CONFIG 0x4211   /* PTRACE_GET_SYSCALL_USER_DISPATCH_CONFIG, Linux 6.2 */

struct sud_config {
	unsigned long long mode, offset, len, selector;
};

/* In the child: one byte to the parent, 'y', 'n', or 'u' then the errno that stopped the question. */
static void
ask_about(pid_t parent, int out)
{
	char answer[2] = { 'u', 0 };
	struct sud_config c;
	int status;
	if (ptrace(PTRACE_SEIZE, parent, 0, 0) != 0) {
		answer[1] = (char)errno;
	} else {
		ptrace(PTRACE_INTERRUPT, parent, 0, 0);
		if (waitpid(parent, &status, __WALL) != parent)
			answer[1] = (char)errno;
		else if (ptrace((enum __ptrace_request)GET_SUD_CONFIG, parent, (void *)sizeof(c), &c) != 0)
			answer[1] = (char)errno;
		else
			answer[0] = c.mode != 0 ? 'y' : 'n';
		ptrace(PTRACE_DETACH, parent, 0, 0);
	}
	if (write(out, answer, sizeof(answer)) != sizeof(answer))
		_exit(1);
	_exit(0);
}

static void
print_sud_state(void)
{
	int p[2];
	/* Yama (ptrace_scope 1) lets only an ancestor trace us unless we say otherwise; without Yama, EINVAL. */
	if (pipe(p) != 0 || (prctl(PR_SET_PTRACER, PR_SET_PTRACER_ANY, 0, 0, 0) != 0 && errno != EINVAL)) {
		printf("main thread under SUD: unknown: %s\n", strerror(errno));
		return;
	}
	pid_t parent = getpid();
	pid_t child = fork();
	if (child == 0)
		ask_about(parent, p[1]);
	char answer[2] = { 'u', EIO };
	ssize_t n;
	do
		n = read(p[0], answer, sizeof(answer));
	while (n < 0 && errno == EINTR);
	waitpid(child, NULL, 0);
	if (answer[0] == 'u')
		printf("main thread under SUD: unknown: %s\n", strerror(answer[1]));
	else
		printf("main thread under SUD: %s\n", answer[0] == 'y' ? "yes" : "no");
}

int
main(int argc, char **argv)
{
	if (argc > 1 && strncmp(argv[1], "load=", 5) == 0) {
		__typeof__(sysfault_load_rules) *load = (__typeof__(sysfault_load_rules) *)dlsym(RTLD_DEFAULT, "sysfault_load_rules");
		if (load == NULL) {
			fprintf(stderr, "sud_state: sysfault_load_rules not found: is libsysfault.so preloaded?\n");
			return 2;
		}
		char message[256];
		printf("load = %d\n", load(argv[1] + 5, message, sizeof(message)));
	}
	print_sud_state();
	long r;
	__asm__ volatile("syscall" : "=a"(r) : "a"((long)SYS_getppid) : "rcx", "r11", "memory");
	if (r < 0)
		printf("raw getppid: errno %ld\n", -r);
	else
		printf("raw getppid: %s\n", r == getppid() ? "ok" : "wrong");
	return 0;
}
