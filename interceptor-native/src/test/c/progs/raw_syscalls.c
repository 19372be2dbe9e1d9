/* Raw syscall instructions in the program's own code, for Syscall User Dispatch: each mode prints what they returned. */
#include <dlfcn.h>
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <ucontext.h>
#include <unistd.h>

/*
 * raw_syscalls MODE
 *   own         getppid from a syscall instruction of this program
 *   loader      dlopen of a missing library: the dynamic loader's own openat, after start-up
 *   fork        the same getppid in a fork child, then in the parent
 *   vfork-exec  a vfork child execs this program (mode own), then the parent's getppid
 *   thread      the same getppid in a second thread (pthread_create: clone3 onto a new stack)
 *   sigsys      the program's own SIGSYS handler: raised by kill, and by its seccomp filter
 *   blocked     every signal blocked, then getppid
 *   altstack    getppid in a SIGUSR1 handler that runs on an alternate stack
 *   raw-clone   a thread made by a raw clone onto a new stack (no glibc), then getppid in the parent
 *   geteuid     prints what geteuid returned, in hex (strace's inject-nf: a retval= of any size)
 *   chdir       chdir("..") with a SIGUSR1 handler, prints its result and the signals handled
 *               (strace's qual_inject-signal and qual_inject-error-signal)
 * "getppid: errno N" says the call failed with N; "getppid: ok" that it returned the real ppid.
 */

static long
raw0(long nr)
{
	long ret;
	__asm__ volatile("syscall" : "=a"(ret) : "a"(nr) : "rcx", "r11", "memory");
	return ret;
}

static long
raw1(long nr, long arg)
{
	long ret;
	__asm__ volatile("syscall" : "=a"(ret) : "a"(nr), "D"(arg) : "rcx", "r11", "memory");
	return ret;
}

static volatile sig_atomic_t usr1_handled;

static void
on_usr1_count(int sig)
{
	(void)sig;
	usr1_handled++;
}

static char report_line[128];

static const char *
getppid_report(const char *who, long expected_ppid)
{
	long r = raw0(SYS_getppid);
	if (r < 0)
		snprintf(report_line, sizeof(report_line), "%s getppid: errno %ld\n", who, -r);
	else
		snprintf(report_line, sizeof(report_line), "%s getppid: %s\n", who, r == expected_ppid ? "ok" : "wrong");
	return report_line;
}

static volatile int clone_child_done;

static void
clone_child(void)
{
	clone_child_done = 1;
}

/* clone onto a new stack from this program's own syscall instruction; the child calls fn and exits. */
static long
raw_clone_thread(unsigned long flags, char *stack_top, void (*fn)(void))
{
	long ret;
	register long tls __asm__("r8") = 0;
	register long ctid __asm__("r10") = 0;
	__asm__ volatile("syscall\n\t"
	                 "testq %%rax, %%rax\n\t"
	                 "jnz 1f\n\t"
	                 "call *%%rbx\n\t"
	                 "movl $60, %%eax\n\t"   /* SYS_exit: this thread only */
	                 "xorl %%edi, %%edi\n\t"
	                 "syscall\n"
	                 "1:"
	                 : "=a"(ret)
	                 : "a"((long)SYS_clone), "D"(flags), "S"(stack_top), "d"(0L), "r"(ctid), "r"(tls), "b"(fn)
	                 : "rcx", "r11", "memory");
	return ret;
}

static int
raw_clone_mode(long ppid)
{
	static char stack[64 * 1024] __attribute__((aligned(16)));
	unsigned long flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM;
	if (raw_clone_thread(flags, stack + sizeof(stack), clone_child) < 0)
		return 1;
	while (!__atomic_load_n(&clone_child_done, __ATOMIC_ACQUIRE))
		sched_yield();
	printf("raw clone child ran: yes\n");
	fputs(getppid_report("parent", ppid), stdout);
	return 0;
}

static void *
thread_body(void *arg)
{
	return (void *)getppid_report("thread", (long)arg);
}

static volatile sig_atomic_t sigsys_by_kill, sigsys_by_seccomp;

static void
on_sigsys(int sig, siginfo_t *info, void *context)
{
	(void)sig;
	if (info->si_code == SI_USER || info->si_code == SI_TKILL) {
		sigsys_by_kill++;
		return;
	}
	if (info->si_code == 1 /* SYS_SECCOMP */ && info->si_syscall == SYS_getpid) {
		sigsys_by_seccomp++;
		((ucontext_t *)context)->uc_mcontext.gregs[REG_RAX] = 4242;
	}
}

/* getpid traps to the program's SIGSYS handler, which answers 4242 (seccomp's SECCOMP_RET_TRAP). */
static int
trap_getpid(void)
{
	struct sock_filter code[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getpid, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { sizeof(code) / sizeof(code[0]), code };
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
		return -1;
	return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog);
}

static int
sigsys_mode(void)
{
	struct sigaction sa = { 0 }, back;
	sa.sa_sigaction = on_sigsys;
	sa.sa_flags = SA_SIGINFO;
	if (sigaction(SIGSYS, &sa, NULL) != 0 || sigaction(SIGSYS, NULL, &back) != 0)
		return 1;
	printf("sigaction reads back the program's handler: %s\n", back.sa_sigaction == on_sigsys ? "yes" : "no");
	kill(getpid(), SIGSYS);
	printf("SIGSYS by kill, handled: %d\n", (int)sigsys_by_kill);
	if (trap_getpid() != 0) {
		printf("seccomp: %s\n", strerror(errno));
		return 1;
	}
	long pid = raw0(SYS_getpid);
	printf("SIGSYS by seccomp, handled: %d, getpid answered %ld\n", (int)sigsys_by_seccomp, pid);
	fputs(getppid_report("after", getppid()), stdout);
	return 0;
}

static char *altstack_base;
static const char *altstack_report;
static int on_altstack;

static void
on_usr1(int sig)
{
	(void)sig;
	char here;
	on_altstack = &here >= altstack_base && &here < altstack_base + SIGSTKSZ * 4;
	altstack_report = getppid_report("handler", getppid());
}

static __attribute__((noinline)) void
vfork_exec(const char *self)
{
	pid_t child = vfork();
	if (child == 0) {
		execl("/proc/self/exe", self, "own", (char *)NULL);
		_exit(127);
	}
	waitpid(child, NULL, 0);
}

static int
altstack_mode(void)
{
	stack_t ss = { .ss_sp = altstack_base = malloc(SIGSTKSZ * 4), .ss_size = SIGSTKSZ * 4 };
	struct sigaction sa = { 0 };
	sa.sa_handler = on_usr1;
	sa.sa_flags = SA_ONSTACK;
	if (sigaltstack(&ss, NULL) != 0 || sigaction(SIGUSR1, &sa, NULL) != 0)
		return 1;
	raise(SIGUSR1);
	printf("handler ran on the alternate stack: %s\n", on_altstack ? "yes" : "no");
	fputs(altstack_report, stdout);
	stack_t now;
	sigaltstack(NULL, &now);
	printf("alternate stack still set: %s\n", now.ss_sp == altstack_base ? "yes" : "no");
	return 0;
}

int
main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "own";
	long ppid = getppid();
	setvbuf(stdout, NULL, _IONBF, 0);
	if (strcmp(mode, "own") == 0) {
		fputs(getppid_report("own code", ppid), stdout);
	} else if (strcmp(mode, "loader") == 0) {
		void *lib = dlopen("/nonexistent/raw_syscalls_lib.so", RTLD_NOW);
		printf("dlopen: %s\n", lib != NULL ? "loaded" : strstr(dlerror(), "Permission") ? "EACCES" : "ENOENT");
	} else if (strcmp(mode, "fork") == 0) {
		pid_t child = fork();
		if (child == 0) {
			fputs(getppid_report("fork child", getppid()), stdout);
			_exit(0);
		}
		waitpid(child, NULL, 0);
		fputs(getppid_report("parent", ppid), stdout);
	} else if (strcmp(mode, "vfork-exec") == 0) {
		vfork_exec(argv[0]);
		fputs(getppid_report("parent", ppid), stdout);
	} else if (strcmp(mode, "thread") == 0) {
		pthread_t t;
		void *line;
		if (pthread_create(&t, NULL, thread_body, (void *)ppid) != 0 || pthread_join(t, &line) != 0)
			return 1;
		fputs(line, stdout);
	} else if (strcmp(mode, "sigsys") == 0) {
		return sigsys_mode();
	} else if (strcmp(mode, "blocked") == 0) {
		sigset_t all;
		sigfillset(&all);
		sigprocmask(SIG_BLOCK, &all, NULL);
		fputs(getppid_report("all blocked", ppid), stdout);
	} else if (strcmp(mode, "altstack") == 0) {
		return altstack_mode();
	} else if (strcmp(mode, "raw-clone") == 0) {
		return raw_clone_mode(ppid);
	} else if (strcmp(mode, "geteuid") == 0) {
		printf("geteuid = %#lx\n", (unsigned long)raw0(SYS_geteuid));
	} else if (strcmp(mode, "chdir") == 0) {
		signal(SIGUSR1, on_usr1_count);
		long r = raw1(SYS_chdir, (long)"..");
		printf("chdir = %ld, SIGUSR1 handled %d\n", r, (int)usr1_handled);
	} else {
		fprintf(stderr, "raw_syscalls: unknown mode %s\n", mode);
		return 2;
	}
	return 0;
}
