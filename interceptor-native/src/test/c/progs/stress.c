/*
 * Stress program for the interceptor: threads, fork, vfork, clone, posix_spawn, system(), signal
 * handlers that make syscalls, and syscalls with bad pointers.  Its stdout is the same with and
 * without libsysfault.so (counts only, no pids or timings); it exits 0 when every check passed
 * and 1 with a "stress: FAILED ..." line on stderr otherwise.
 *
 *   stress                 run everything
 *   stress --exit-with N   exit at once with status N (the target of the self-exec checks)
 *
 * Run it by an absolute path: it execs argv[0].
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define FILE_THREADS 8
#define FILE_ROUNDS 300
#define FORKS 20
#define VFORK_EXECS 5
#define SPAWNS 10
#define SIGNALS 200
#define ALARMS 300

extern char **environ;

static const char *self_path;
static char work_dir[4096];
static int failures;

static void
fail(const char *format, ...)
{
	va_list args;

	va_start(args, format);
	fputs("stress: FAILED ", stderr);
	vfprintf(stderr, format, args);
	fputc('\n', stderr);
	va_end(args);
	__atomic_fetch_add(&failures, 1, __ATOMIC_RELAXED);
}

/* ---- file I/O in eight threads -------------------------------------------------------- */

static void *
file_worker(void *arg)
{
	long id = (long)arg;
	char path[4200];
	char expected[256];
	char actual[256];

	snprintf(path, sizeof(path), "%s/thread-%ld", work_dir, id);
	for (int round = 0; round < FILE_ROUNDS; round++) {
		int length = snprintf(expected, sizeof(expected),
		                      "thread %ld round %d %08lx|%.*s", id, round,
		                      (unsigned long)(id * 7919 + round * 104729),
		                      (int)(round % 97), "abcdefghijklmnopqrstuvwxyz0123456789"
		                      "abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz");
		int fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

		if (fd < 0) {
			fail("thread %ld: open %s: %s", id, path, strerror(errno));
			return NULL;
		}
		if (write(fd, expected, length) != length)
			fail("thread %ld round %d: short write", id, round);
		if (round % 50 == 0 && fsync(fd) != 0)
			fail("thread %ld round %d: fsync: %s", id, round, strerror(errno));
		if (lseek(fd, 0, SEEK_SET) != 0)
			fail("thread %ld round %d: lseek", id, round);
		memset(actual, 0, sizeof(actual));
		ssize_t got = read(fd, actual, sizeof(actual));

		if (got != length || memcmp(actual, expected, length) != 0)
			fail("thread %ld round %d: read back %zd bytes, expected %d", id, round, got,
			     length);
		if (pread(fd, actual, 6, 0) != 6 || memcmp(actual, "thread", 6) != 0)
			fail("thread %ld round %d: pread", id, round);
		if (close(fd) != 0)
			fail("thread %ld round %d: close: %s", id, round, strerror(errno));
	}
	if (unlink(path) != 0)
		fail("thread %ld: unlink: %s", id, strerror(errno));
	return NULL;
}

/* ---- processes ----------------------------------------------------------------------- */

static int
wait_status(pid_t pid, const char *what)
{
	int status;
	pid_t got;

	do
		got = waitpid(pid, &status, 0);
	while (got < 0 && errno == EINTR);
	if (got != pid) {
		fail("%s: waitpid: %s", what, strerror(errno));
		return -1;
	}
	if (!WIFEXITED(status)) {
		fail("%s: child did not exit normally (status 0x%x)", what, status);
		return -1;
	}
	return WEXITSTATUS(status);
}

static void
read_all(int fd, char *buffer, size_t size)
{
	size_t used = 0;

	memset(buffer, 0, size);
	while (used + 1 < size) {
		ssize_t got = read(fd, buffer + used, size - 1 - used);

		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		used += (size_t)got;
	}
}

static void
check_forks(void)
{
	for (int i = 0; i < FORKS; i++) {
		int fds[2];
		char message[64];
		char expected[64];

		if (pipe(fds) != 0) {
			fail("fork %d: pipe: %s", i, strerror(errno));
			return;
		}
		snprintf(expected, sizeof(expected), "hello from fork child %d", i);
		pid_t pid = fork();

		if (pid < 0) {
			fail("fork %d: %s", i, strerror(errno));
			return;
		}
		if (pid == 0) {
			/* Async-signal-safe calls only: other threads were running at fork. */
			close(fds[0]);
			ssize_t length = (ssize_t)strlen(expected);

			if (write(fds[1], expected, length) != length || getppid() <= 1)
				_exit(100);
			_exit(i % 7);
		}
		close(fds[1]);
		read_all(fds[0], message, sizeof(message));
		close(fds[0]);
		if (strcmp(message, expected) != 0)
			fail("fork %d: child sent '%s', expected '%s'", i, message, expected);
		int status = wait_status(pid, "fork");

		if (status != i % 7)
			fail("fork %d: exit status %d, expected %d", i, status, i % 7);
	}
}

static void
check_vfork_exec(void)
{
	for (int i = 0; i < VFORK_EXECS; i++) {
		char *true_argv[] = { "/bin/true", NULL };
		char code[8];

		pid_t pid = vfork();

		if (pid == 0) {
			execve(true_argv[0], true_argv, environ);
			_exit(127);
		}
		if (pid < 0 || wait_status(pid, "vfork /bin/true") != 0)
			fail("vfork %d: /bin/true did not exit 0", i);

		snprintf(code, sizeof(code), "%d", 40 + i);
		char *self_argv[] = { (char *)self_path, "--exit-with", code, NULL };

		pid = vfork();
		if (pid == 0) {
			execve(self_argv[0], self_argv, environ);
			_exit(127);
		}
		int status = pid < 0 ? -1 : wait_status(pid, "vfork self");

		if (status != 40 + i)
			fail("vfork %d: %s --exit-with %d exited %d", i, self_path, 40 + i, status);
	}
}

static void
check_posix_spawn(void)
{
	for (int i = 0; i < SPAWNS; i++) {
		int fds[2];
		char output[128];
		char word[32];
		posix_spawn_file_actions_t actions;
		pid_t pid;

		snprintf(word, sizeof(word), "spawned-%d", i);
		char *argv[] = { "/bin/echo", word, NULL };

		if (pipe(fds) != 0) {
			fail("posix_spawn %d: pipe: %s", i, strerror(errno));
			return;
		}
		posix_spawn_file_actions_init(&actions);
		posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
		posix_spawn_file_actions_addclose(&actions, fds[0]);
		int error = posix_spawn(&pid, argv[0], &actions, NULL, argv, environ);

		posix_spawn_file_actions_destroy(&actions);
		close(fds[1]);
		if (error != 0) {
			fail("posix_spawn %d: %s", i, strerror(error));
			close(fds[0]);
			continue;
		}
		read_all(fds[0], output, sizeof(output));
		close(fds[0]);
		if (wait_status(pid, "posix_spawn") != 0)
			fail("posix_spawn %d: /bin/echo did not exit 0", i);
		strcat(word, "\n");
		if (strcmp(output, word) != 0)
			fail("posix_spawn %d: /bin/echo printed '%s'", i, output);
	}
	/* A path that does not exist: the error comes back from the child. */
	char *argv[] = { "/nonexistent/program", NULL };
	pid_t pid;
	int error = posix_spawn(&pid, argv[0], NULL, NULL, argv, environ);

	if (error == 0) {
		int status = wait_status(pid, "posix_spawn nonexistent");

		if (status != 127)
			fail("posix_spawn of a missing program: status %d", status);
	} else if (error != ENOENT) {
		fail("posix_spawn of a missing program: %s, expected ENOENT", strerror(error));
	}
}

static void
check_system(void)
{
	fflush(stdout);
	int status = system("echo from-system");

	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		fail("system(echo): status 0x%x", status);
	status = system("exit 3");
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 3)
		fail("system(exit 3): status 0x%x", status);
}

/* clone() with CLONE_VM and a stack of its own: the child starts on that stack. */
static volatile int clone_child_value;

static int
clone_child(void *arg)
{
	clone_child_value = (int)(intptr_t)arg + (int)(getppid() > 0);
	return 0;
}

static const char *
check_clone(void)
{
	static char stack[2][256 * 1024] __attribute__((aligned(16)));
	int flags[2] = { CLONE_VM | SIGCHLD, CLONE_VM | CLONE_VFORK | SIGCHLD };

	for (int i = 0; i < 2; i++) {
		clone_child_value = 0;
		pid_t pid = clone(clone_child, stack[i] + sizeof(stack[i]), flags[i],
		                  (void *)(intptr_t)(10 * (i + 1)));

		if (pid < 0) {
			fail("clone %d: %s", i, strerror(errno));
			continue;
		}
		if (wait_status(pid, "clone") != 0 || clone_child_value != 10 * (i + 1) + 1)
			fail("clone %d: child stored %d", i, clone_child_value);
	}

	/* Raw fork-like clone and clone3 (no new stack): the child returns from syscall(). */
	int fds[2];
	char buffer[16];

	if (pipe(fds) != 0) {
		fail("clone: pipe: %s", strerror(errno));
		return "failed";
	}
	long pid = syscall(SYS_clone, (long)SIGCHLD, 0L, 0L, 0L, 0L);

	if (pid == 0) {
		if (write(fds[1], "raw", 3) != 3)
			_exit(1);
		_exit(0);
	}
	if (pid < 0)
		fail("raw clone: %s", strerror(errno));
	else if (wait_status((pid_t)pid, "raw clone") != 0)
		fail("raw clone: child failed");
	if (pid > 0 && (read(fds[0], buffer, 3) != 3 || memcmp(buffer, "raw", 3) != 0))
		fail("raw clone: child did not write");

	const char *clone3_result = "clone3 ok";
#ifdef SYS_clone3
	struct clone_args args;

	memset(&args, 0, sizeof(args));
	args.exit_signal = SIGCHLD;
	pid = syscall(SYS_clone3, &args, sizeof(args));
	if (pid == 0) {
		if (write(fds[1], "c3!", 3) != 3)
			_exit(1);
		_exit(0);
	}
	if (pid < 0 && errno == ENOSYS) {
		clone3_result = "clone3 ENOSYS";
	} else if (pid < 0) {
		fail("clone3: %s", strerror(errno));
	} else {
		if (wait_status((pid_t)pid, "clone3") != 0)
			fail("clone3: child failed");
		if (read(fds[0], buffer, 3) != 3 || memcmp(buffer, "c3!", 3) != 0)
			fail("clone3: child did not write");
	}
#else
	clone3_result = "clone3 not in headers";
#endif
	close(fds[0]);
	close(fds[1]);
	return clone3_result;
}

/* ---- signals ------------------------------------------------------------------------- */

static pid_t own_pid;
static pid_t main_tid;
static int ack_pipe[2];
static volatile sig_atomic_t handled;
static volatile sig_atomic_t handler_errors;
static volatile int main_done;

static void
on_usr1(int signal)
{
	int saved = errno;

	(void)signal;
	if (getpid() != own_pid)
		handler_errors++;
	if (write(ack_pipe[1], "a", 1) != 1)
		handler_errors++;
	handled++;
	errno = saved;
}

/*
 * Whether the main thread is blocked in one of the given syscalls, from
 * /proc/self/task/<tid>/syscall.  -1 when that file cannot be read (no /proc in a chroot):
 * then the sender only waits a little, and the EINTR counts are not exact.
 */
static int
main_blocked_in(long nr1, long nr2)
{
	char path[64];
	char text[64];

	snprintf(path, sizeof(path), "/proc/self/task/%d/syscall", (int)main_tid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	ssize_t got = read(fd, text, sizeof(text) - 1);

	close(fd);
	if (got <= 0)
		return -1;
	text[got] = '\0';
	if (text[0] < '0' || text[0] > '9')
		return 0;
	long nr = strtol(text, NULL, 10);

	return nr == nr1 || nr == nr2;
}

static int proc_usable;

static long
monotonic_seconds(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long)now.tv_sec;
}

/* Gives up after two minutes, not after a number of looks that a busy machine may make in seconds. */
static void
wait_until_blocked(long nr1, long nr2)
{
	long give_up = monotonic_seconds() + 120;

	for (int spins = 0; monotonic_seconds() < give_up && !main_done; spins++) {
		int blocked = main_blocked_in(nr1, nr2);

		if (blocked < 0) {
			proc_usable = 0;
			usleep(300);
			return;
		}
		if (blocked)
			return;
		if (spins > 100)
			usleep(50);
	}
	if (!main_done)
		fail("main thread never blocked in syscall %ld", nr1);
}

struct sender {
	long nr1, nr2;          /* the syscalls the main thread is expected to wait in */
	int count;              /* signals to send; 0: until main_done */
	int data_fd;            /* written once after the signals, or -1 */
	int sent;
};

static void *
send_signals(void *arg)
{
	struct sender *sender = arg;
	char ack;

	while (sender->count > 0 ? sender->sent < sender->count : !main_done) {
		wait_until_blocked(sender->nr1, sender->nr2);
		if (sender->count == 0 && main_done)
			break;
		if (syscall(SYS_tgkill, own_pid, main_tid, SIGUSR1) != 0) {
			fail("tgkill: %s", strerror(errno));
			break;
		}
		sender->sent++;
		while (read(ack_pipe[0], &ack, 1) != 1) {
			if (errno != EINTR) {
				fail("reading the handler's ack: %s", strerror(errno));
				return NULL;
			}
		}
	}
	if (sender->data_fd >= 0 && write(sender->data_fd, "done", 4) != 4)
		fail("sender: write: %s", strerror(errno));
	return NULL;
}

static void
install_usr1(int flags)
{
	struct sigaction action;

	memset(&action, 0, sizeof(action));
	action.sa_handler = on_usr1;
	action.sa_flags = flags;
	sigemptyset(&action.sa_mask);
	if (sigaction(SIGUSR1, &action, NULL) != 0)
		fail("sigaction: %s", strerror(errno));
}

/* The main thread waits in read() on a pipe while handlers run, with and without SA_RESTART. */
static void
check_signals_during_read(int restart)
{
	int data[2];
	pthread_t thread;
	struct sender sender = { SYS_read, SYS_read, SIGNALS, -1, 0 };
	char buffer[8];
	int eintr = 0;
	size_t used = 0;

	install_usr1(restart ? SA_RESTART : 0);
	if (pipe(data) != 0) {
		fail("pipe: %s", strerror(errno));
		return;
	}
	sender.data_fd = data[1];
	handled = 0;
	proc_usable = 1;
	pthread_create(&thread, NULL, send_signals, &sender);
	while (used < 4) {
		errno = 0;
		ssize_t got = read(data[0], buffer + used, 4 - used);

		if (got < 0 && errno == EINTR) {
			eintr++;
			continue;
		}
		if (got <= 0) {
			fail("read during signals: %zd, %s", got, strerror(errno));
			break;
		}
		used += (size_t)got;
	}
	pthread_join(thread, NULL);
	close(data[0]);
	close(data[1]);

	if (used == 4 && memcmp(buffer, "done", 4) != 0)
		fail("read during signals: got '%.4s'", buffer);
	if (handled != SIGNALS || handler_errors != 0)
		fail("read %s: %d handlers ran (%d errors), expected %d",
		     restart ? "SA_RESTART" : "no SA_RESTART", (int)handled, (int)handler_errors,
		     SIGNALS);
	if (restart && eintr != 0)
		fail("read with SA_RESTART returned EINTR %d times", eintr);
	if (!restart && proc_usable && eintr != SIGNALS)
		fail("read without SA_RESTART: EINTR %d times, expected %d", eintr, SIGNALS);
	if (!restart && eintr > SIGNALS)
		fail("read without SA_RESTART: EINTR %d times for %d signals", eintr, SIGNALS);
}

/*
 * The main thread sleeps in nanosleep() while handlers run: each signal ends a sleep with EINTR.
 * A sleep of minutes, so that only a signal ends it: a short one could run out while a busy
 * machine kept the sender from sending after it saw the main thread asleep.
 */
static void
check_signals_during_nanosleep(void)
{
	pthread_t thread;
	struct sender sender = { SYS_nanosleep, SYS_clock_nanosleep, 0, -1, 0 };
	int eintr = 0;

	install_usr1(SA_RESTART);
	handled = 0;
	main_done = 0;
	proc_usable = 1;
	pthread_create(&thread, NULL, send_signals, &sender);
	while (eintr < SIGNALS) {
		struct timespec request = { 600, 0 };
		struct timespec remaining = { 0, 0 };

		errno = 0;
		if (nanosleep(&request, &remaining) == 0)
			continue;   /* a signal came while not asleep (no /proc to aim with) */
		if (errno != EINTR) {
			fail("nanosleep: %s", strerror(errno));
			break;
		}
		/* The kernel counts the timer slack in, so "remaining" may exceed the request a little. */
		if (remaining.tv_sec < 0 || (remaining.tv_sec == 0 && remaining.tv_nsec <= 0) ||
		    remaining.tv_sec > request.tv_sec ||
		    (remaining.tv_sec == request.tv_sec && remaining.tv_nsec > 10000000))
			fail("nanosleep: remaining %ld.%09ld", (long)remaining.tv_sec,
			     remaining.tv_nsec);
		eintr++;
	}
	main_done = 1;
	pthread_join(thread, NULL);
	if (handler_errors != 0)
		fail("nanosleep: %d handler errors", (int)handler_errors);
	if (proc_usable && eintr != handled)
		fail("nanosleep: %d EINTR for %d handlers", eintr, (int)handled);
}

static volatile sig_atomic_t alarms;
static volatile sig_atomic_t alarm_errors;

static void
on_alarm(int signal)
{
	int saved = errno;

	(void)signal;
	if (getpid() != own_pid)
		alarm_errors++;
	alarms++;
	errno = saved;
}

/* An interval timer interrupts a tight getppid() loop anywhere, inside the syscall path too. */
static void
check_timer(void)
{
	struct sigaction action;
	struct itimerval timer = { { 0, 200 }, { 0, 200 } };
	struct itimerval stop = { { 0, 0 }, { 0, 0 } };
	pid_t parent = getppid();
	long loops = 0;
	long wrong = 0;

	memset(&action, 0, sizeof(action));
	action.sa_handler = on_alarm;
	action.sa_flags = SA_RESTART;
	sigemptyset(&action.sa_mask);
	sigaction(SIGALRM, &action, NULL);
	alarms = 0;
	if (setitimer(ITIMER_REAL, &timer, NULL) != 0) {
		fail("setitimer: %s", strerror(errno));
		return;
	}
	while (alarms < ALARMS) {
		errno = 77;
		if (getppid() != parent)
			wrong++;
		if (errno != 77)
			wrong++;
		loops++;
	}
	setitimer(ITIMER_REAL, &stop, NULL);
	if (wrong != 0 || alarm_errors != 0)
		fail("timer: %ld wrong getppid results or errno changes in %ld calls, %d handler "
		     "errors", wrong, loops, (int)alarm_errors);
}

/* ---- errno and bad pointers ---------------------------------------------------------- */

static void
expect_errno(const char *what, long result, int expected)
{
	int actual = errno;

	if (result != -1 || actual != expected)
		fail("%s: result %ld errno %d (%s), expected -1 errno %d (%s)", what, result, actual,
		     strerror(actual), expected, strerror(expected));
}

#define EXPECT_ERRNO(what, call, expected) \
	do { \
		errno = 0; \
		long result_ = (long)(call); \
		expect_errno(what, result_, expected); \
		checks++; \
	} while (0)

/* Volatile, so that the compiler does not see (and warn about) the bad address. */
static void *volatile bad_address = (void *)8;

static int
check_errors(void)
{
	void *bad = bad_address;
	int fds[2];
	int checks = 0;
	char byte = 'x';

	if (pipe(fds) != 0) {
		fail("pipe: %s", strerror(errno));
		return 0;
	}
	if (write(fds[1], "abc", 3) != 3)
		fail("pipe write");

	EXPECT_ERRNO("read into (void *)8", read(fds[0], bad, 3), EFAULT);
	EXPECT_ERRNO("write from (void *)8", write(fds[1], bad, 3), EFAULT);
	EXPECT_ERRNO("open((char *)8)", open(bad, O_RDONLY), EFAULT);
	EXPECT_ERRNO("stat((char *)8)", stat(bad, (struct stat *)bad + 1), EFAULT);
	EXPECT_ERRNO("stat(\"/\", (void *)8)", stat("/", bad), EFAULT);
	EXPECT_ERRNO("pipe(bad)", pipe(bad), EFAULT);
	EXPECT_ERRNO("open(missing)", open("/nonexistent/sysfault/file", O_RDONLY), ENOENT);
	EXPECT_ERRNO("close(-1)", close(-1), EBADF);
	EXPECT_ERRNO("read(9999)", read(9999, &byte, 1), EBADF);
	EXPECT_ERRNO("write to the read end", write(fds[0], &byte, 1), EBADF);
	EXPECT_ERRNO("syscall(-1)", syscall(-1L), ENOSYS);
	EXPECT_ERRNO("syscall(100000)", syscall(100000L), ENOSYS);
	EXPECT_ERRNO("mkdir(\"/\")", mkdir("/", 0700), EEXIST);

	/* The data is still there after the failed read, and success leaves errno alone. */
	char buffer[4] = { 0 };

	errno = 1234;
	if (read(fds[0], buffer, 3) != 3 || memcmp(buffer, "abc", 3) != 0)
		fail("read after EFAULT: got '%.3s'", buffer);
	if (getpid() != own_pid || errno != 1234)
		fail("successful syscalls changed errno to %d", errno);
	checks++;
	close(fds[0]);
	close(fds[1]);
	return checks;
}

/* -------------------------------------------------------------------------------------- */

int
main(int argc, char **argv)
{
	pthread_t threads[FILE_THREADS];

	if (argc == 3 && strcmp(argv[1], "--exit-with") == 0)
		return atoi(argv[2]);
	if (argc != 1) {
		fprintf(stderr, "usage: %s [--exit-with N]\n", argv[0]);
		return 2;
	}
	self_path = argv[0];
	own_pid = getpid();
	main_tid = (pid_t)syscall(SYS_gettid);
	if (pipe(ack_pipe) != 0) {
		fail("pipe: %s", strerror(errno));
		return 1;
	}

	const char *tmp = getenv("TMPDIR");

	snprintf(work_dir, sizeof(work_dir), "%s/sysfault-stress-XXXXXX",
	         tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp");
	if (mkdtemp(work_dir) == NULL) {
		fail("mkdtemp %s: %s", work_dir, strerror(errno));
		return 1;
	}

	printf("stress: start\n");
	fflush(stdout);

	/* The processes are made while the file threads run, so fork meets a busy process. */
	for (long i = 0; i < FILE_THREADS; i++) {
		int error = pthread_create(&threads[i], NULL, file_worker, (void *)i);

		if (error != 0) {
			fail("pthread_create: %s", strerror(error));
			return 1;
		}
	}
	check_forks();
	check_vfork_exec();
	check_posix_spawn();
	check_system();
	const char *clone3_result = check_clone();

	for (int i = 0; i < FILE_THREADS; i++)
		pthread_join(threads[i], NULL);
	if (rmdir(work_dir) != 0)
		fail("rmdir %s: %s", work_dir, strerror(errno));

	printf("stress: file io: %d threads x %d rounds\n", FILE_THREADS, FILE_ROUNDS);
	printf("stress: fork: %d children\n", FORKS);
	printf("stress: vfork+exec: %d x /bin/true, %d x self\n", VFORK_EXECS, VFORK_EXECS);
	printf("stress: posix_spawn: %d x /bin/echo\n", SPAWNS);
	printf("stress: system: 2 commands\n");
	printf("stress: clone: CLONE_VM, CLONE_VM|CLONE_VFORK, raw fork-like, %s\n", clone3_result);

	check_signals_during_read(1);
	check_signals_during_read(0);
	printf("stress: signals during read: %d with SA_RESTART, %d without\n", SIGNALS, SIGNALS);
	check_signals_during_nanosleep();
	printf("stress: signals during nanosleep: %d\n", SIGNALS);
	check_timer();
	printf("stress: timer: %d alarms during getppid loop\n", ALARMS);
	int checks = check_errors();

	printf("stress: errno checks: %d\n", checks);

	if (failures != 0) {
		printf("stress: %d FAILURES\n", failures);
		return 1;
	}
	printf("stress: all passed\n");
	return 0;
}
