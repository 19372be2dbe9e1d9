/* A signal handler that goes deep on the stack it runs on while its thread waits in a call from a rewritten site. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/*
 * deep_handler_on_dispatch_stack KIB
 *   A second thread reads a pipe through raw_read_near_padding: its first call (a byte waits) is caught
 *   and, under sysfault-exec, its site rewritten; its second blocks.  The main thread sends that thread
 *   SIGUSR1 until the handler finds itself on a stack that is not the thread's own: under sysfault-exec,
 *   the stack the call is dispatched on (exec/thread_block.h).  There the handler recurses KIB kibibytes
 *   deep and prints "deep handler returned".  Then a byte ends the read and the program prints "survived".
 *   A handler that outgrows that stack must fault on its guard page, not write over what lies below it.
 */
long raw_read_near_padding(long fd, void *buf, long n);
__asm__(
	"	.text\n"
	"	.p2align 5\n"
	"	.globl raw_read_near_padding\n"
	"	.type raw_read_near_padding, @function\n"
	"raw_read_near_padding:\n"
	"	.cfi_startproc\n"
	"	xorl %eax, %eax\n"                 /* SYS_read */
	"	syscall\n"
	"	ret\n"
	"	.cfi_endproc\n"
	"	.size raw_read_near_padding, .-raw_read_near_padding\n"
	"	.fill 24, 1, 0xcc\n"               /* padding between functions, in a short jump's reach */
	"	.p2align 5\n");

static int pipe_fds[2];
static long kib;
static uintptr_t own_low, own_high;
static volatile sig_atomic_t ready, tid, handled_elsewhere;

static __attribute__((noinline)) int
deep(long left)
{
	volatile char block[1024];
	memset((char *)block, (int)left, sizeof block);
	return left > 1 ? deep(left - 1) + block[7] : block[7];   /* not a tail call: each level keeps its block */
}

static void
on_usr1(int sig)
{
	(void)sig;
	char here;
	if ((uintptr_t)&here >= own_low && (uintptr_t)&here < own_high)
		return;   /* the signal came before the blocking call: on the thread's own stack, try again */
	deep(kib);
	static const char said[] = "deep handler returned\n";
	if (write(1, said, sizeof said - 1) < 0)
		_exit(4);
	handled_elsewhere = 1;
}

static void *
reader(void *unused)
{
	(void)unused;
	pthread_attr_t a;
	void *low;
	size_t size;
	if (pthread_getattr_np(pthread_self(), &a) != 0 || pthread_attr_getstack(&a, &low, &size) != 0)
		exit(5);
	own_low = (uintptr_t)low;
	own_high = (uintptr_t)low + size;
	char c;
	if (raw_read_near_padding(pipe_fds[0], &c, 1) != 1)   /* caught once: the site is rewritten */
		exit(6);
	tid = (sig_atomic_t)syscall(SYS_gettid);
	ready = 1;
	long r;
	while ((r = raw_read_near_padding(pipe_fds[0], &c, 1)) == -EINTR)
		;
	return (void *)r;
}

int
main(int argc, char **argv)
{
	if (argc != 2)
		return 2;
	kib = atol(argv[1]);
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_usr1;   /* no SA_RESTART: the read comes back with EINTR and goes again */
	if (pipe(pipe_fds) != 0 || write(pipe_fds[1], "x", 1) != 1 || sigaction(SIGUSR1, &sa, NULL) != 0)
		return 1;
	pthread_t t;
	if (pthread_create(&t, NULL, reader, NULL) != 0)
		return 1;
	while (!ready)
		usleep(1000);
	/* Each miss (the signal before the read blocked) costs a millisecond; ten thousand of them, a bug. */
	for (int i = 0; !handled_elsewhere; i++) {
		if (i == 10000) {
			printf("the handler never ran outside the thread's own stack\n");
			return 3;
		}
		syscall(SYS_tgkill, getpid(), (long)tid, SIGUSR1);
		usleep(1000);
	}
	void *r;
	if (write(pipe_fds[1], "y", 1) != 1 || pthread_join(t, &r) != 0 || (long)r != 1)
		return 1;
	printf("survived\n");
	return 0;
}
