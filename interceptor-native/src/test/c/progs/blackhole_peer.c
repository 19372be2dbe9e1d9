/*
 * blackhole_peer MODE: one wait for a peer on 127.0.0.1, printing what each call returned, so that
 * a black-holed peer is seen as the program sees it.  Timeouts are the program's own (50 ms).
 *   connect-sndtimeo  a blocking connect with SO_SNDTIMEO
 *   connect-poll      a non-blocking connect, then poll for POLLOUT
 *   connect-epoll     a non-blocking connect, then epoll_wait for EPOLLOUT
 *   read-rcvtimeo     the peer sends "hello"; a blocking read with SO_RCVTIMEO
 *   recv-dontwait     the peer sends "hello"; recv with MSG_DONTWAIT
 *   connect-signal    a blocking connect without a timeout, which a SIGALRM handler interrupts
 *   read-signal       the peer sends "hello"; a blocking read without a timeout, which SIGALRM interrupts
 *   select            a non-blocking connect, then select for writing
 *   bad-pointers      connect, select and epoll_pwait2 given pointers to unmapped memory (EFAULT, as without a fault)
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef SYS_epoll_pwait2
#define SYS_epoll_pwait2 441   /* Linux 5.11; older glibc headers lack the name */
#endif

static const struct timeval WAIT = { 0, 50000 };

/* What a call returned: its value, or -1 and the errno's name (strerrorname_np is newer than 2.31). */
static void
show(const char *call, long r)
{
	static const struct { int e; const char *name; } names[] = {
		{ EAGAIN, "EAGAIN" }, { EINPROGRESS, "EINPROGRESS" }, { EINTR, "EINTR" },
		{ ETIMEDOUT, "ETIMEDOUT" }, { ECONNREFUSED, "ECONNREFUSED" }, { EFAULT, "EFAULT" },
	};
	if (r >= 0) {
		printf("%s = %ld\n", call, r);
		return;
	}
	int e = errno;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].e == e) {
			printf("%s = -1 %s\n", call, names[i].name);
			return;
		}
	printf("%s = -1 errno %d\n", call, e);
}

static void
on_alarm(int signal)
{
	(void)signal;
}

/* SIGALRM in 50 ms, its handler installed without SA_RESTART, so that it interrupts a wait. */
static void
alarm_soon(void)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	sigaction(SIGALRM, &sa, NULL);
	struct itimerval soon = { .it_value = WAIT };
	setitimer(ITIMER_REAL, &soon, NULL);
}

static int
listener(struct sockaddr_in *at)
{
	socklen_t len = sizeof(*at);
	*at = (struct sockaddr_in){ .sin_family = AF_INET, .sin_addr = { htonl(INADDR_LOOPBACK) } };
	int l = socket(AF_INET, SOCK_STREAM, 0);
	if (l < 0 || bind(l, (struct sockaddr *)at, sizeof(*at)) != 0 || listen(l, 8) != 0 ||
	    getsockname(l, (struct sockaddr *)at, &len) != 0) {
		perror("listener");
		return -1;
	}
	return l;
}

/* A connected socket whose peer has sent "hello". */
static int
hello_socket(const struct sockaddr_in *at, int l)
{
	int c = socket(AF_INET, SOCK_STREAM, 0);
	if (c < 0 || connect(c, (const struct sockaddr *)at, sizeof(*at)) != 0) {
		perror("connect");
		return -1;
	}
	int peer = accept(l, NULL, NULL);
	if (peer < 0 || write(peer, "hello", 5) != 5) {
		perror("peer");
		return -1;
	}
	return c;
}

int
main(int argc, char **argv)
{
	struct sockaddr_in at;
	int l = listener(&at);
	if (argc != 2 || l < 0) {
		fprintf(stderr, "usage: blackhole_peer connect-sndtimeo|connect-poll|connect-epoll|read-rcvtimeo|"
		        "recv-dontwait|connect-signal|read-signal|select|bad-pointers\n");
		return 2;
	}
	const char *mode = argv[1];
	char buf[16];
	if (strcmp(mode, "connect-sndtimeo") == 0) {
		int c = socket(AF_INET, SOCK_STREAM, 0);
		setsockopt(c, SOL_SOCKET, SO_SNDTIMEO, &WAIT, sizeof(WAIT));
		show("connect", connect(c, (struct sockaddr *)&at, sizeof(at)));
	} else if (strcmp(mode, "connect-poll") == 0 || strcmp(mode, "connect-epoll") == 0) {
		int c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
		long r = connect(c, (struct sockaddr *)&at, sizeof(at));
		show("connect", r);
		if (mode[8] == 'p') {
			struct pollfd p = { .fd = c, .events = POLLOUT };
			show("poll", poll(&p, 1, 50));
		} else {
			int ep = epoll_create1(0);
			struct epoll_event e = { .events = EPOLLOUT };
			epoll_ctl(ep, EPOLL_CTL_ADD, c, &e);
			show("epoll_wait", epoll_wait(ep, &e, 1, 50));
		}
	} else if (strcmp(mode, "read-rcvtimeo") == 0) {
		int c = hello_socket(&at, l);
		setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &WAIT, sizeof(WAIT));
		show("read", read(c, buf, sizeof(buf)));
	} else if (strcmp(mode, "connect-signal") == 0) {
		int c = socket(AF_INET, SOCK_STREAM, 0);
		alarm_soon();
		show("connect", connect(c, (struct sockaddr *)&at, sizeof(at)));
	} else if (strcmp(mode, "read-signal") == 0) {
		int c = hello_socket(&at, l);
		alarm_soon();
		show("read", read(c, buf, sizeof(buf)));
	} else if (strcmp(mode, "select") == 0) {
		int c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
		show("connect", connect(c, (struct sockaddr *)&at, sizeof(at)));
		fd_set writable;
		FD_ZERO(&writable);
		FD_SET(c, &writable);
		struct timeval t = WAIT;
		show("select", select(c + 1, NULL, &writable, NULL, &t));
		show("FD_ISSET", FD_ISSET(c, &writable));
	} else if (strcmp(mode, "bad-pointers") == 0) {
		/* a page that is mapped no more: the kernel answers EFAULT, and so must a blackhole */
		void *gone = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		munmap(gone, 4096);
		int c = socket(AF_INET, SOCK_STREAM, 0);
		show("connect", connect(c, gone, sizeof(at)));
		struct timeval t = WAIT;
		show("select", select(c + 1, NULL, gone, NULL, &t));
		int ep = epoll_create1(0);
		struct epoll_event e;
		show("epoll_pwait2", syscall(SYS_epoll_pwait2, ep, &e, 1, gone, NULL, 8));
	} else if (strcmp(mode, "recv-dontwait") == 0) {
		int c = hello_socket(&at, l);
		show("recv", recv(c, buf, sizeof(buf), MSG_DONTWAIT));
	} else {
		fprintf(stderr, "blackhole_peer: unknown mode %s\n", mode);
		return 2;
	}
	return 0;
}
