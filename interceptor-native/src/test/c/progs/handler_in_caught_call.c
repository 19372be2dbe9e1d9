/* A handler of the program's that runs inside a call SUD caught: its signal calls change its own mask, not the caught call's. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "raw_getppid_sites.h"

/*
 *   handler_in_caught_call
 *
 * Installs a SIGUSR1 handler that makes a getpid (through glibc), then blocks SIGUSR2 (glibc's
 * sigprocmask), and makes a raw getppid from a site of its own that is never rewritten (so SUD's
 * SIGSYS handler dispatches it).  Under a rule "getppid:error=EPERM:signal=USR1" the signal
 * arrives while that handler is still dispatching the call, so the program's handler runs inside
 * ours.  Prints "getppid = R, SIGUSR1 handled N, SIGUSR2 blocked after the call: yes|no".
 * Its handler's block ends with the handler, as always: "no" is right; "yes" means the block went
 * into the SIGSYS frame, as if made by the caught call itself.
 */
static volatile sig_atomic_t handled;

static void
on_usr1(int sig)
{
	(void)sig;
	sigset_t usr2;
	(void)getpid();   /* a call that nothing wants, before the signal call */
	sigemptyset(&usr2);
	sigaddset(&usr2, SIGUSR2);
	sigprocmask(SIG_BLOCK, &usr2, NULL);
	handled++;
}

int
main(void)
{
	struct sigaction a;
	memset(&a, 0, sizeof a);
	a.sa_handler = on_usr1;
	sigemptyset(&a.sa_mask);
	if (sigaction(SIGUSR1, &a, NULL) != 0) {
		perror("handler_in_caught_call: sigaction");
		return 2;
	}
	long r = raw_getppid_far_from_padding();
	sigset_t now;
	sigprocmask(SIG_BLOCK, NULL, &now);
	printf("getppid = %ld, SIGUSR1 handled %d, SIGUSR2 blocked after the call: %s\n", r, (int)handled,
	       sigismember(&now, SIGUSR2) ? "yes" : "no");
	return 0;
}
