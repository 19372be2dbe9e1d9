/* sysfault-supervisor: stands between the JVM and a command run under faults, so that the run owns every process it starts. */
/*
 *   sysfault-supervisor JVM-PID REPORT-SOCKET SEARCH-PATH PROGRAM [ARGUMENT...]
 *
 * dev.sysfault.run.Supervisor starts it with the command's stdio, directory and environment. It makes
 * itself a child subreaper, so a process that the command double-forks is reparented here rather than to
 * init, and Java's walk from here still finds it. It then
 *   - runs PROGRAM in a child (launch.c), says its pid on REPORT-SOCKET, and the child says there if its
 *     exec failed (Java reads to the end: the socket closes when the exec succeeds);
 *   - passes on every signal another process sends it (the terminal's go to the command's group anyway);
 *   - reaps the orphans it inherits;
 *   - when the command has ended, ends what it left behind (descendants.c) and exits with the command's
 *     status, dying by the same signal if a signal ended the command, without a core file of its own;
 *   - when the JVM is gone (SIGKILLed, say), ends the command and everything it started.
 * It is linked statically: LD_PRELOAD does not load libsysfault.so into it, so none of its calls is
 * traced or faulted.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>
#include "supervisor.h"

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif

/* How often the JVM's pid is checked where pidfd_open is missing (Linux < 5.3) or forbidden (seccomp). */
#define PARENT_POLL_MS 200

static void
fail(const char *what)
{
	fprintf(stderr, "sysfault-supervisor: %s: %s\n", what, strerror(errno));
	exit(125);
}

/* A socket connected to Java's, close-on-exec: the child's copy closes when its exec succeeds. */
static int
connect_report(const char *path)
{
	struct sockaddr_un address = { .sun_family = AF_UNIX };
	if (strlen(path) >= sizeof(address.sun_path)) {
		errno = ENAMETOOLONG;
		fail(path);
	}
	strcpy(address.sun_path, path);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&address, sizeof(address)) != 0)
		fail(path);
	return fd;
}

/* The command's stdio stays with the command alone: a reader of its pipe sees EOF when the command closes it. */
static void
let_go_of_stdio(void)
{
	int null = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (null < 0)
		return;
	for (int fd = 0; fd <= 2; fd++)
		dup3(null, fd, O_CLOEXEC);
	close(null);
}

/* Exits as the command did: its code, or killed by its signal (no core dump: the core is the command's). */
static void
exit_like(int status)
{
	if (!WIFSIGNALED(status))
		exit(WEXITSTATUS(status));
	int signal = WTERMSIG(status);
	/* Both: a core_pattern that pipes to a program (systemd-coredump) is not bound by RLIMIT_CORE. */
	struct rlimit no_core = { 0, 0 };
	setrlimit(RLIMIT_CORE, &no_core);
	prctl(PR_SET_DUMPABLE, 0);
	struct sigaction dfl = { .sa_handler = SIG_DFL };
	sigaction(signal, &dfl, NULL);
	sigset_t only;
	sigemptyset(&only);
	sigaddset(&only, signal);
	sigprocmask(SIG_UNBLOCK, &only, NULL);
	kill(getpid(), signal);
	exit(128 + signal); /* a signal that does not kill */
}

/* Reaps every child that has ended; true once the command is among them, its status in *status. */
static int
reap(pid_t command, int *status)
{
	int ended = 0, st;
	pid_t pid;
	while ((pid = waitpid(-1, &st, WNOHANG | __WALL)) > 0) {
		if (pid == command) {
			*status = st;
			ended = 1;
		}
	}
	return ended;
}

int
main(int argc, char **argv)
{
	if (argc < 5) {
		fprintf(stderr, "usage: sysfault-supervisor JVM-PID REPORT-SOCKET SEARCH-PATH PROGRAM [ARGUMENT...]\n");
		return 125;
	}
	pid_t jvm = (pid_t)strtol(argv[1], NULL, 10);
	if (prctl(PR_SET_CHILD_SUBREAPER, 1) != 0)
		fail("PR_SET_CHILD_SUBREAPER");
	int jvm_fd = (int)syscall(SYS_pidfd_open, jvm, 0);
	if (getppid() != jvm)
		return 125; /* the JVM is gone already: nothing may start */

	/* Every signal comes through signalfd; the child gets back the mask and SIGCHLD handling we were given. */
	sigset_t all, original;
	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, &original);
	struct sigaction sigchld, dfl = { .sa_handler = SIG_DFL };
	sigaction(SIGCHLD, &dfl, &sigchld); /* an ignored SIGCHLD would reap for us */
	int signals = signalfd(-1, &all, SFD_CLOEXEC | SFD_NONBLOCK);
	if (signals < 0)
		fail("signalfd");

	int report = connect_report(argv[2]);
	pid_t command = launch(argv + 4, argv[3], report, &original, &sigchld);
	if (command < 0)
		return 125;
	close(report);
	let_go_of_stdio();

	struct pollfd watched[2] = { { .fd = signals, .events = POLLIN }, { .fd = jvm_fd, .events = POLLIN } };
	int status = 0;
	for (;;) {
		int ready = poll(watched, jvm_fd >= 0 ? 2 : 1, jvm_fd >= 0 ? -1 : PARENT_POLL_MS);
		if (ready < 0 && errno != EINTR)
			fail("poll");
		if ((jvm_fd >= 0 && watched[1].revents != 0) || getppid() != jvm) {
			end_descendants();
			return 137;
		}
		struct signalfd_siginfo info;
		while (ready > 0 && read(signals, &info, sizeof(info)) == sizeof(info)) {
			/* The kernel's (a terminal's ^C, say) reach the command's process group without us. */
			if (info.ssi_signo != SIGCHLD && info.ssi_code != SI_KERNEL)
				kill(command, (int)info.ssi_signo);
			if (info.ssi_signo != SIGCHLD || !reap(command, &status))
				continue;
			end_descendants();
			exit_like(status);
		}
	}
}
