/*
 * known_calls: a fixed, deterministic sequence of file and network calls through glibc, for the
 * differential test against strace (StraceDifferentialTest).  Each call prints one line on stdout
 * with what it observed: the result when it is meaningful and the same in every run (byte counts,
 * offsets, file descriptor numbers, file contents, sizes), or -1 and the errno name.  It carries on
 * after every failure and exits with a status derived from what happened:
 *
 *   0..85     the number of calls that returned -1 (capped at 85)
 *   100+N     N output lines (capped at 27) could not be written
 *   2         usage error
 *
 *   known_calls DIR      DIR: an existing, empty directory, by an absolute path without symbolic
 *                        links; every file the program makes is inside it and is printed
 *                        relative to it.  Run it with DIR as its working directory too, so that a
 *                        failed chdir leaves relative names in the same place in every run.
 *
 * Output goes through writev(2) on fd 1, one call per line, never through stdio and never through
 * write(2).  That keeps the program's own reporting out of every SPEC that names `write`: a SPEC
 * such as write:error=ENOSPC:when=2+ then changes exactly the program's deliberate writes (to a
 * temporary file and, once, to stdout) and the output still shows what each of them returned,
 * instead of silencing everything after the second line.  The lines are still system calls:
 * writev belongs to strace's %desc class (and to `all`), so a SPEC there can hit a report line;
 * both sides must then lose the same line, and the exit status counts the lost ones.  Every other
 * call is made once per step, in the same order in every run, so the n-th call of each system
 * call is the same call under strace and under an in-process interceptor.  (strace also counts
 * what runs before main(); the test therefore gives strace a static build of this file, whose
 * start-up makes no file or network call, and checks that it makes the same calls from main on.)
 *
 * The program is single-threaded, uses no stdio, and never blocks for long: a socket is only read
 * or accepted after poll(2) said it is ready (200 ms at most), and sends use MSG_NOSIGNAL.
 * SIGUSR1 has a handler (SA_RESTART) that prints a line, so that a `signal=SIGUSR1` injection is
 * visible where it lands.
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

#define POLL_TIMEOUT_MS 200

/* ---- errno names (our own table: glibc 2.31, which the portable build uses, has no
 *      strerrorname_np).  Where two names share a number the first one listed is printed. ---- */

#define ERRNO_NAME(e) { e, #e },

static const struct {
	int number;
	const char *name;
} errno_names[] = {
	ERRNO_NAME(EPERM) ERRNO_NAME(ENOENT) ERRNO_NAME(ESRCH) ERRNO_NAME(EINTR) ERRNO_NAME(EIO)
	ERRNO_NAME(ENXIO) ERRNO_NAME(E2BIG) ERRNO_NAME(ENOEXEC) ERRNO_NAME(EBADF) ERRNO_NAME(ECHILD)
	ERRNO_NAME(EAGAIN) ERRNO_NAME(ENOMEM) ERRNO_NAME(EACCES) ERRNO_NAME(EFAULT)
	ERRNO_NAME(ENOTBLK) ERRNO_NAME(EBUSY) ERRNO_NAME(EEXIST) ERRNO_NAME(EXDEV) ERRNO_NAME(ENODEV)
	ERRNO_NAME(ENOTDIR) ERRNO_NAME(EISDIR) ERRNO_NAME(EINVAL) ERRNO_NAME(ENFILE)
	ERRNO_NAME(EMFILE) ERRNO_NAME(ENOTTY) ERRNO_NAME(ETXTBSY) ERRNO_NAME(EFBIG)
	ERRNO_NAME(ENOSPC) ERRNO_NAME(ESPIPE) ERRNO_NAME(EROFS) ERRNO_NAME(EMLINK) ERRNO_NAME(EPIPE)
	ERRNO_NAME(EDOM) ERRNO_NAME(ERANGE) ERRNO_NAME(EDEADLK) ERRNO_NAME(ENAMETOOLONG)
	ERRNO_NAME(ENOLCK) ERRNO_NAME(ENOSYS) ERRNO_NAME(ENOTEMPTY) ERRNO_NAME(ELOOP)
	ERRNO_NAME(ENOMSG) ERRNO_NAME(EIDRM) ERRNO_NAME(ENOSTR) ERRNO_NAME(ENODATA)
	ERRNO_NAME(ETIME) ERRNO_NAME(ENOSR) ERRNO_NAME(ENOLINK) ERRNO_NAME(EPROTO)
	ERRNO_NAME(EMULTIHOP) ERRNO_NAME(EBADMSG) ERRNO_NAME(EOVERFLOW) ERRNO_NAME(EILSEQ)
	ERRNO_NAME(EUSERS) ERRNO_NAME(ENOTSOCK) ERRNO_NAME(EDESTADDRREQ) ERRNO_NAME(EMSGSIZE)
	ERRNO_NAME(EPROTOTYPE) ERRNO_NAME(ENOPROTOOPT) ERRNO_NAME(EPROTONOSUPPORT)
	ERRNO_NAME(ESOCKTNOSUPPORT) ERRNO_NAME(ENOTSUP) ERRNO_NAME(EPFNOSUPPORT)
	ERRNO_NAME(EAFNOSUPPORT) ERRNO_NAME(EADDRINUSE) ERRNO_NAME(EADDRNOTAVAIL)
	ERRNO_NAME(ENETDOWN) ERRNO_NAME(ENETUNREACH) ERRNO_NAME(ENETRESET) ERRNO_NAME(ECONNABORTED)
	ERRNO_NAME(ECONNRESET) ERRNO_NAME(ENOBUFS) ERRNO_NAME(EISCONN) ERRNO_NAME(ENOTCONN)
	ERRNO_NAME(ESHUTDOWN) ERRNO_NAME(ETOOMANYREFS) ERRNO_NAME(ETIMEDOUT)
	ERRNO_NAME(ECONNREFUSED) ERRNO_NAME(EHOSTDOWN) ERRNO_NAME(EHOSTUNREACH)
	ERRNO_NAME(EALREADY) ERRNO_NAME(EINPROGRESS) ERRNO_NAME(ESTALE) ERRNO_NAME(EDQUOT)
	ERRNO_NAME(ECANCELED) ERRNO_NAME(EOWNERDEAD) ERRNO_NAME(ENOTRECOVERABLE)
};

static const char *
errno_name(int number, char *spare, size_t size)
{
	for (size_t i = 0; i < sizeof errno_names / sizeof errno_names[0]; i++)
		if (errno_names[i].number == number)
			return errno_names[i].name;
	snprintf(spare, size, "errno %d", number);
	return spare;
}

/* ---- output -------------------------------------------------------------------------------- */

static volatile sig_atomic_t lost_lines;
static int failures;

/* One writev(1) per line; async-signal-safe (the SIGUSR1 handler uses it too). */
static void
emit_raw(const char *line, size_t length)
{
	struct iovec iov = { .iov_base = (void *)line, .iov_len = length };
	ssize_t done = writev(STDOUT_FILENO, &iov, 1);

	if (done != (ssize_t)length)
		lost_lines = lost_lines + 1;
}

static void __attribute__((format(printf, 1, 2)))
emit(const char *format, ...)
{
	char line[512];
	va_list args;
	int length;

	va_start(args, format);
	length = vsnprintf(line, sizeof line - 1, format, args);
	va_end(args);
	if (length < 0)
		length = 0;
	if ((size_t)length > sizeof line - 2)
		length = sizeof line - 2;
	line[length++] = '\n';
	emit_raw(line, (size_t)length);
}

/*
 * Prints "WHAT = RESULT": the value when the call succeeded (or "ok" when the value is not
 * deterministic), "-1 ENAME" when it failed.  Returns the value.  errno is read right after the
 * call, before anything else can change it.
 */
static long
report(const char *what, long value, int error, int print_value)
{
	char spare[32];

	if (value == -1) {
		failures++;
		emit("%s = -1 %s", what, errno_name(error, spare, sizeof spare));
	} else if (print_value) {
		emit("%s = %ld", what, value);
	} else {
		emit("%s = ok", what);
	}
	return value;
}

#define CALL(what, expression) \
	({ errno = 0; long value_ = (long)(expression); report(what, value_, errno, 1); })
#define CALL_OK(what, expression) \
	({ errno = 0; long value_ = (long)(expression); report(what, value_, errno, 0); })

/* Shows bytes that were read: printable ASCII as is, everything else as \xNN. */
static const char *
shown(const char *bytes, long count, char *out, size_t size)
{
	size_t used = 0;

	for (long i = 0; i < count && used + 5 < size; i++) {
		unsigned char c = (unsigned char)bytes[i];

		if (c >= 0x20 && c < 0x7f && c != '\\')
			out[used++] = (char)c;
		else
			used += (size_t)snprintf(out + used, size - used, "\\x%02x", c);
	}
	out[used] = '\0';
	return out;
}

/* ---- signals ------------------------------------------------------------------------------- */

static volatile sig_atomic_t usr1_count;

static void
on_usr1(int signal_number)
{
	static const char line[] = "  [SIGUSR1 handled]\n";
	int saved = errno;

	(void)signal_number;
	usr1_count = usr1_count + 1;
	emit_raw(line, sizeof line - 1);
	errno = saved;
}

/* ---- paths --------------------------------------------------------------------------------- */

static const char *base_dir;
static size_t base_length;

/* DIR/name in one of four rotating buffers, so that two paths can be used in one call. */
static const char *
in_dir(const char *name)
{
	static char buffers[4][4096];
	static unsigned next;
	char *buffer = buffers[next++ % 4];

	snprintf(buffer, sizeof buffers[0], "%s/%s", base_dir, name);
	return buffer;
}

/* ---- the steps ----------------------------------------------------------------------------- */

static void
process_ids(void)
{
	pid_t first, second;

	errno = 0;
	first = getpid();
	report("getpid", first < 0 ? -1 : 0, errno, 0);
	errno = 0;
	second = getpid();
	report("getpid", second < 0 ? -1 : 0, errno, 0);
	emit("getpid twice: %s", first == second ? "same" : "different");

	errno = 0;
	first = getppid();
	report("getppid", first < 0 ? -1 : 0, errno, 0);
	errno = 0;
	second = getppid();
	report("getppid", second < 0 ? -1 : 0, errno, 0);
	emit("getppid twice: %s", first == second ? "same" : "different");
}

static void
write_file(void)
{
	static const char *const pieces[] = { "alpha ", "beta ", "gamma\n" };
	char what[128];
	long fd;

	fd = CALL("open data.txt O_WRONLY|O_CREAT|O_TRUNC", open(in_dir("data.txt"),
	        O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
	for (size_t i = 0; i < sizeof pieces / sizeof pieces[0]; i++) {
		snprintf(what, sizeof what, "write data.txt \"%.5s\" (%zu bytes)", pieces[i],
		         strlen(pieces[i]));
		CALL(what, write((int)fd, pieces[i], strlen(pieces[i])));
	}
	CALL("pwrite64 data.txt \"BETA\" at 6", pwrite((int)fd, "BETA", 4, 6));
	CALL("fsync data.txt", fsync((int)fd));
	CALL("close data.txt", close((int)fd));

	fd = CALL("open notes.txt O_WRONLY|O_CREAT|O_APPEND", open(in_dir("notes.txt"),
	        O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600));
	CALL("write notes.txt \"one\"", write((int)fd, "one\n", 4));
	CALL("write notes.txt \"two\"", write((int)fd, "two\n", 4));
	CALL("fdatasync notes.txt", fdatasync((int)fd));
	CALL("close notes.txt", close((int)fd));

	/* The deliberate write to stdout: its bytes are part of the output. */
	CALL("write stdout", write(STDOUT_FILENO, "known_calls: hello on stdout\n", 29));
}

static void
read_file(void)
{
	char buffer[64], text[300];
	long fd, count, copy, fixed;

	CALL("open missing.txt O_RDONLY", open(in_dir("missing.txt"), O_RDONLY | O_CLOEXEC));
	fd = CALL("open data.txt O_RDONLY", open(in_dir("data.txt"), O_RDONLY | O_CLOEXEC));

	count = CALL("read data.txt 5", read((int)fd, buffer, 5));
	emit("  read: \"%s\"", shown(buffer, count, text, sizeof text));
	count = CALL("read data.txt 64", read((int)fd, buffer, sizeof buffer));
	emit("  read: \"%s\"", shown(buffer, count, text, sizeof text));
	count = CALL("read data.txt at end", read((int)fd, buffer, sizeof buffer));
	CALL("lseek data.txt 6 SEEK_SET", lseek((int)fd, 6, SEEK_SET));
	count = CALL("read data.txt 4", read((int)fd, buffer, 4));
	emit("  read: \"%s\"", shown(buffer, count, text, sizeof text));
	count = CALL("pread64 data.txt 5 at 11", pread((int)fd, buffer, 5, 11));
	emit("  read: \"%s\"", shown(buffer, count, text, sizeof text));
	CALL("lseek data.txt 0 SEEK_CUR", lseek((int)fd, 0, SEEK_CUR));

	struct stat st;
	memset(&st, 0, sizeof st);
	CALL("fstat data.txt", fstat((int)fd, &st));
	emit("  size %lld, regular file: %s", (long long)st.st_size, S_ISREG(st.st_mode) ? "yes" : "no");

	copy = CALL("dup data.txt", dup((int)fd));
	fixed = CALL("dup2 data.txt to 10", dup2((int)fd, 10));
	CALL("fcntl F_GETFD", fcntl((int)fd, F_GETFD));
	CALL("fcntl F_SETFD 0", fcntl((int)fd, F_SETFD, 0));
	CALL("fcntl F_GETFD", fcntl((int)fd, F_GETFD));
	long flags = CALL("fcntl F_GETFL", fcntl((int)fd, F_GETFL));
	if (flags != -1)
		emit("  access mode: %s", (flags & O_ACCMODE) == O_RDONLY ? "O_RDONLY" : "other");
	long third = CALL("fcntl F_DUPFD_CLOEXEC 20", fcntl((int)fd, F_DUPFD_CLOEXEC, 20));
	CALL("lseek (dup) 0 SEEK_SET", lseek((int)copy, 0, SEEK_SET));
	count = CALL("read (dup2 copy) 5", read((int)fixed, buffer, 5));
	emit("  read: \"%s\"", shown(buffer, count, text, sizeof text));
	count = CALL("read (F_DUPFD copy) 6", read((int)third, buffer, 6));
	emit("  read: \"%s\"", shown(buffer, count, text, sizeof text));
	CALL("close (F_DUPFD copy)", close((int)third));
	CALL("close (dup2 copy)", close((int)fixed));
	CALL("close (dup copy)", close((int)copy));
	CALL("close data.txt", close((int)fd));
	CALL("close data.txt again", close((int)fd));
}

static void
stat_files(void)
{
	struct stat st;
	struct statx stx;

	memset(&st, 0, sizeof st);
	CALL("stat data.txt", stat(in_dir("data.txt"), &st));
	emit("  size %lld", (long long)st.st_size);
	CALL("stat missing.txt", stat(in_dir("missing.txt"), &st));
	CALL("symlink link -> data.txt", symlink("data.txt", in_dir("link")));
	memset(&st, 0, sizeof st);
	CALL("lstat link", lstat(in_dir("link"), &st));
	emit("  symbolic link: %s", S_ISLNK(st.st_mode) ? "yes" : "no");
	memset(&st, 0, sizeof st);
	CALL("stat link", stat(in_dir("link"), &st));
	emit("  regular file: %s, size %lld", S_ISREG(st.st_mode) ? "yes" : "no",
	     (long long)st.st_size);
	memset(&stx, 0, sizeof stx);
	CALL("statx data.txt", statx(AT_FDCWD, in_dir("data.txt"), 0, STATX_TYPE | STATX_SIZE, &stx));
	emit("  size %llu", (unsigned long long)stx.stx_size);
	CALL("access data.txt R_OK", access(in_dir("data.txt"), R_OK));
	CALL("access missing.txt F_OK", access(in_dir("missing.txt"), F_OK));
	CALL("faccessat data.txt W_OK", faccessat(AT_FDCWD, in_dir("data.txt"), W_OK, 0));
	CALL("faccessat missing.txt R_OK AT_EACCESS",
	     faccessat(AT_FDCWD, in_dir("missing.txt"), R_OK, AT_EACCESS));
}

static int
compare_names(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

static void
directories(void)
{
	char names[16][64], cwd[4096], what[128];
	size_t count = 0;
	long fd;

	CALL("mkdir sub", mkdir(in_dir("sub"), 0755));
	CALL("mkdir sub again", mkdir(in_dir("sub"), 0755));
	fd = CALL("open sub/one O_CREAT", open(in_dir("sub/one"), O_WRONLY | O_CREAT | O_CLOEXEC, 0644));
	CALL("close sub/one", close((int)fd));
	fd = CALL("open sub/two O_CREAT", open(in_dir("sub/two"), O_WRONLY | O_CREAT | O_CLOEXEC, 0644));
	CALL("close sub/two", close((int)fd));
	CALL("rename sub/two sub/three", rename(in_dir("sub/two"), in_dir("sub/three")));
	CALL("rename missing.txt sub/four", rename(in_dir("missing.txt"), in_dir("sub/four")));

	/* opendir: openat + fstat; readdir: getdents64; the names are sorted, since the order of
	 * directory entries depends on the file system. */
	errno = 0;
	DIR *dir = opendir(in_dir("sub"));
	report("opendir sub", dir == NULL ? -1 : 0, errno, 0);
	if (dir != NULL) {
		for (;;) {
			errno = 0;
			struct dirent *entry = readdir(dir);
			if (entry == NULL) {
				int error = errno;
				report("readdir sub (end)", error != 0 ? -1 : 0, error, 0);
				break;
			}
			if (count < sizeof names / sizeof names[0])
				snprintf(names[count++], sizeof names[0], "%.63s", entry->d_name);
		}
		qsort(names, count, sizeof names[0], compare_names);
		char list[1100] = "";
		for (size_t i = 0; i < count; i++) {
			strcat(list, " ");
			strcat(list, names[i]);
		}
		emit("  entries:%s", list);
		CALL("closedir sub", closedir(dir));
	}

	CALL("chdir sub", chdir(in_dir("sub")));
	errno = 0;
	char *got = getcwd(cwd, sizeof cwd);
	report("getcwd", got == NULL ? -1 : 0, errno, 0);
	if (got != NULL) {
		if (strncmp(cwd, base_dir, base_length) == 0)
			emit("  cwd: DIR%s", cwd + base_length);
		else
			emit("  cwd: outside DIR");
	}
	/* A relative name: lands in sub/ after a chdir that worked, in DIR otherwise. */
	fd = CALL("open inner O_CREAT (relative)", open("inner", O_WRONLY | O_CREAT | O_CLOEXEC, 0644));
	CALL("close inner", close((int)fd));
	CALL("access sub/inner F_OK", access(in_dir("sub/inner"), F_OK));
	CALL("unlink inner (relative)", unlink("inner"));
	CALL("chdir DIR", chdir(base_dir));

	static const char *const doomed[] = { "sub/one", "sub/three", "sub/missing" };
	for (size_t i = 0; i < sizeof doomed / sizeof doomed[0]; i++) {
		snprintf(what, sizeof what, "unlink %s", doomed[i]);
		CALL(what, unlink(in_dir(doomed[i])));
	}
	CALL("rmdir sub", rmdir(in_dir("sub")));
	CALL("rmdir missing", rmdir(in_dir("missing")));
	CALL("unlink link", unlink(in_dir("link")));
}

/* Waits at most POLL_TIMEOUT_MS for fd to become readable; prints the result.  1: readable. */
static int
wait_readable(const char *what, long fd)
{
	struct pollfd p = { .fd = (int)fd, .events = POLLIN };

	if (fd < 0) {
		emit("%s: skipped (no descriptor)", what);
		return 0;
	}
	return CALL(what, poll(&p, 1, POLL_TIMEOUT_MS)) == 1 && (p.revents & POLLIN);
}

static void
receive(const char *what, long fd)
{
	char buffer[32], text[200];
	long count;

	count = CALL(what, recv((int)fd, buffer, sizeof buffer, MSG_DONTWAIT));
	emit("  received: \"%s\"", shown(buffer, count, text, sizeof text));
}

static void
network(void)
{
	struct sockaddr_in address = { .sin_family = AF_INET };
	struct sockaddr_in peer;
	socklen_t length;
	long listener, client, served, client2, served2;

	address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	listener = CALL("socket listener", socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
	CALL("bind listener 127.0.0.1:0", bind((int)listener, (struct sockaddr *)&address,
	                                      sizeof address));
	CALL("listen listener", listen((int)listener, 8));
	length = sizeof address;
	CALL("getsockname listener", getsockname((int)listener, (struct sockaddr *)&address, &length));
	emit("  port assigned: %s", address.sin_port != 0 ? "yes" : "no");

	client = CALL("socket client", socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
	CALL("connect client", connect((int)client, (struct sockaddr *)&address, sizeof address));
	served = -1;
	if (wait_readable("poll listener", listener))
		served = CALL("accept", accept((int)listener, NULL, NULL));

	CALL("send client \"ping\"", send((int)client, "ping", 4, MSG_NOSIGNAL));
	if (wait_readable("poll served", served))
		receive("recv served", served);
	CALL("send served \"pong\"", send((int)served, "pong", 4, MSG_NOSIGNAL));
	if (wait_readable("poll client", client))
		receive("recv client", client);
	length = sizeof peer;
	memset(&peer, 0, sizeof peer);
	CALL("getpeername client", getpeername((int)client, (struct sockaddr *)&peer, &length));
	emit("  peer is the listener's port: %s", peer.sin_port == address.sin_port ? "yes" : "no");

	client2 = CALL("socket client2", socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
	CALL("connect client2", connect((int)client2, (struct sockaddr *)&address, sizeof address));
	served2 = -1;
	if (wait_readable("poll listener", listener))
		served2 = CALL("accept4 SOCK_CLOEXEC", accept4((int)listener, NULL, NULL, SOCK_CLOEXEC));
	CALL("send client2 \"hello\"", send((int)client2, "hello", 5, MSG_NOSIGNAL));
	if (wait_readable("poll served2", served2))
		receive("recv served2", served2);

	CALL("close served2", close((int)served2));
	CALL("close client2", close((int)client2));
	CALL("close served", close((int)served));
	CALL("close client", close((int)client));
	CALL("close listener", close((int)listener));
}

int
main(int argc, char **argv)
{
	struct sigaction action;

	if (argc != 2 || argv[1][0] != '/') {
		static const char usage[] = "usage: known_calls /absolute/empty/dir\n";
		if (write(STDERR_FILENO, usage, sizeof usage - 1) < 0)
			return 2;
		return 2;
	}
	base_dir = argv[1];
	base_length = strlen(base_dir);

	memset(&action, 0, sizeof action);
	action.sa_handler = on_usr1;
	action.sa_flags = SA_RESTART;
	sigemptyset(&action.sa_mask);
	CALL("sigaction SIGUSR1", sigaction(SIGUSR1, &action, NULL));

	emit("known_calls: start");
	process_ids();
	write_file();
	read_file();
	stat_files();
	directories();
	network();
	process_ids();
	emit("known_calls: SIGUSR1 handled %d times, %d calls failed",
	     (int)usr1_count, failures);

	if (lost_lines > 0)
		return 100 + (lost_lines < 27 ? (int)lost_lines : 27);
	return failures < 85 ? failures : 85;
}
