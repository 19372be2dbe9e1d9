/* A peer that never answers (RULE_BLACKHOLE): connects, receives and waits that see nothing come. */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include "blackhole.h"
#include "user_memory.h"

/*
 * Why a real port for connect, and waits in the hook for the rest: a TCP connect to this port
 * is a real SYN that nobody answers, so the socket really sits in SYN_SENT and everything the
 * program does with it behaves as with a black-holed address, with no code of ours in the way:
 * a blocking connect waits out SO_SNDTIMEO (EINPROGRESS) or a signal, a non-blocking one returns
 * EINPROGRESS and poll, select and epoll never see it writable, and the kernel gives up after its
 * SYN retries (ETIMEDOUT) as it would.  Receives and waits have no such port to point at (their
 * peer is the program's own), so they wait here with a raw ppoll on no descriptor: it sleeps for
 * the caller's timeout and ends early with EINTR when a signal handler runs, as their wait would.
 *
 * The port: a listener with a backlog of 0 and one connection, never accepted, that fills its
 * accept queue; Linux drops a SYN for a full accept queue without an answer.
 */
static int port_state;    /* 0: none, 1: being opened, 2: open, 3: could not be opened */
static uint16_t port;     /* network byte order, once port_state is 2 */

#define LOOPBACK_V4 0x0100007fu   /* 127.0.0.1 in network byte order on x86-64 */
#define SIGSET_BYTES 8

static long
raw(long nr, long a0, long a1, long a2, long a3, long a4, long a5)
{
	return sysfault_raw_syscall(nr, a0, a1, a2, a3, a4, a5);
}

/*
 * The filler's connect returns once its handshake is answered; the listener queues it a moment
 * later (on loopback, before connect returns, in practice).  A SYN that came before would be
 * answered, so wait for the queue to hold it: a listener's tcpi_unacked is its accept queue.
 */
static int
queue_is_full(long listener)
{
	for (int tries = 0; tries < 1000; tries++) {
		struct tcp_info info;
		socklen_t len = sizeof(info);
		if (raw(SYS_getsockopt, listener, IPPROTO_TCP, TCP_INFO, (long)&info, (long)&len, 0) != 0)
			return 0;
		if (info.tcpi_unacked >= 1)
			return 1;
		struct timespec ms = { 0, 1000000L };
		raw(SYS_nanosleep, (long)&ms, 0, 0, 0, 0, 0);
	}
	return 0;
}

void
sysfault_blackhole_open_port(void)
{
	int none = 0;
	if (!__atomic_compare_exchange_n(&port_state, &none, 1, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
		return;
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr = { LOOPBACK_V4 } };
	socklen_t len = sizeof(a);
	long listener = raw(SYS_socket, AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0, 0, 0, 0);
	long filler = -1;
	if (listener >= 0 &&
	    raw(SYS_bind, listener, (long)&a, sizeof(a), 0, 0, 0) == 0 &&
	    raw(SYS_listen, listener, 0, 0, 0, 0, 0) == 0 &&
	    raw(SYS_getsockname, listener, (long)&a, (long)&len, 0, 0, 0) == 0 &&
	    (filler = raw(SYS_socket, AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0, 0, 0, 0)) >= 0 &&
	    raw(SYS_connect, filler, (long)&a, sizeof(a), 0, 0, 0) == 0 && queue_is_full(listener)) {
		port = a.sin_port;
		__atomic_store_n(&port_state, 2, __ATOMIC_RELEASE);
		return;
	}
	if (filler >= 0)
		raw(SYS_close, filler, 0, 0, 0, 0, 0);
	if (listener >= 0)
		raw(SYS_close, listener, 0, 0, 0, 0, 0);
	__atomic_store_n(&port_state, 3, __ATOMIC_RELEASE);
}

/* Sleeps for *timeout (NULL: for ever) or until a signal handler runs: 0, or -EINTR. */
static long
wait_for_nothing(struct timespec *timeout, long sigmask, long sigset_bytes)
{
	return raw(SYS_ppoll, 0, 0, (long)timeout, sigmask, sigset_bytes, 0);
}

static long
wait_ms(int ms, long sigmask, long sigset_bytes)
{
	struct timespec t = { ms / 1000, (long)(ms % 1000) * 1000000L };
	return wait_for_nothing(ms < 0 ? NULL : &t, sigmask, sigset_bytes);
}

/* O_NONBLOCK of fd: 1, 0, or -EBADF. */
static long
nonblocking(long fd)
{
	long flags = raw(SYS_fcntl, fd, F_GETFL, 0, 0, 0, 0);
	return flags < 0 ? flags : (flags & O_NONBLOCK) != 0;
}

/*
 * A blocking socket call that waits for a silent peer: until the socket's own timeout (option
 * SO_RCVTIMEO or SO_SNDTIMEO; none on a descriptor that is not a socket), then timed_out, or
 * until a signal handler runs (-EINTR).
 */
static long
wait_like_socket(long fd, int option, long timed_out)
{
	struct timeval tv = { 0, 0 };
	socklen_t len = sizeof(tv);
	if (raw(SYS_getsockopt, fd, SOL_SOCKET, option, (long)&tv, (long)&len, 0) != 0)
		tv = (struct timeval){ 0, 0 };
	if (tv.tv_sec == 0 && tv.tv_usec == 0)
		return wait_for_nothing(NULL, 0, SIGSET_BYTES);
	struct timespec t = { tv.tv_sec, tv.tv_usec * 1000L };
	long r = wait_for_nothing(&t, 0, SIGSET_BYTES);
	return r == 0 ? timed_out : r;
}

static long
receive(long fd, long flags)
{
	long nb = nonblocking(fd);
	if (nb < 0)
		return nb;
	if (nb || (flags & MSG_DONTWAIT))
		return -EAGAIN;
	return wait_like_socket(fd, SO_RCVTIMEO, -EAGAIN);
}

/* A TCP connect to the port, if there is one and the address family allows it; else 1. */
static long
connect_to_port(long fd, const struct sockaddr *to, long to_len)
{
	int type = 0;
	socklen_t len = sizeof(type);
	sa_family_t family = AF_UNSPEC;
	if (__atomic_load_n(&port_state, __ATOMIC_ACQUIRE) != 2 || to == NULL || to_len < (long)sizeof(sa_family_t) ||
	    raw(SYS_getsockopt, fd, SOL_SOCKET, SO_TYPE, (long)&type, (long)&len, 0) != 0 || type != SOCK_STREAM)
		return 1;
	if (!sysfault_read_user_block(&to->sa_family, &family, sizeof(family)))
		return -EFAULT;   /* the program's own bad pointer: the kernel's answer, not a crash in the hook */
	long r;
	if (family == AF_INET) {
		struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = port, .sin_addr = { LOOPBACK_V4 } };
		r = raw(SYS_connect, fd, (long)&a, sizeof(a), 0, 0, 0);
	} else if (family == AF_INET6) {
		/* 127.0.0.1 as an IPv4-mapped address: a socket that is IPv6 only refuses it (ENETUNREACH) */
		struct sockaddr_in6 a = { .sin6_family = AF_INET6, .sin6_port = port };
		a.sin6_addr.s6_addr[10] = 0xff;
		a.sin6_addr.s6_addr[11] = 0xff;
		a.sin6_addr.s6_addr[12] = 127;
		a.sin6_addr.s6_addr[15] = 1;
		r = raw(SYS_connect, fd, (long)&a, sizeof(a), 0, 0, 0);
	} else {
		return 1;
	}
	return r == -ENETUNREACH || r == -EAFNOSUPPORT || r == -EINVAL ? 1 : r;
}

/* Without the port (another family, a datagram socket): the wait a TCP connect would make. */
static long
connect_waiting_here(long fd)
{
	long nb = nonblocking(fd);
	if (nb < 0)
		return nb;
	return nb ? -EINPROGRESS : wait_like_socket(fd, SO_SNDTIMEO, -EINPROGRESS);
}

/*
 * select's sets, read before the wait and cleared after it, as the kernel copies them in and out:
 * whole longs, and EFAULT (not a crash in the hook) where the program's pointer is bad.
 */
static long
check_fd_sets(long n, const long sets[3], int clear)
{
	unsigned long zeros[64] = { 0 }, copy[64];
	unsigned long words = ((unsigned long)n + 63) / 64;
	for (int s = 0; s < 3; s++) {
		for (unsigned long i = 0; sets[s] != 0 && i < words; i += 64) {
			unsigned long chunk = words - i < 64 ? words - i : 64;
			void *at = (unsigned long *)sets[s] + i;
			int ok = clear ? sysfault_write_user_block(at, zeros, chunk * sizeof(long))
			               : sysfault_read_user_block(at, copy, chunk * sizeof(long));
			if (!ok)
				return -EFAULT;
		}
	}
	return 0;
}

static long
select_nothing(const struct syscall_frame *f, long nr, long last_arg)
{
	if (f->args[0] < 0 || f->args[0] > 0x7fffffff)
		return -EINVAL;
	long sets[3] = { f->args[1], f->args[2], f->args[3] };
	long r = check_fd_sets(f->args[0], sets, 0);
	if (r != 0)
		return r;
	/* No descriptors: the kernel sleeps out the caller's timeout and updates it, as for the real sets */
	r = raw(nr, 0, 0, 0, 0, f->args[4], last_arg);
	if (r == 0)
		r = check_fd_sets(f->args[0], sets, 1);
	return r;
}

static long
epoll_nothing(const struct syscall_frame *f, struct timespec *timeout, long sigmask, long sigset_bytes)
{
	if ((int)f->args[2] <= 0)
		return -EINVAL;
	long flags = raw(SYS_fcntl, f->args[0], F_GETFD, 0, 0, 0, 0);
	if (flags < 0)
		return flags;
	return wait_for_nothing(timeout, sigmask, sigset_bytes);
}

long
sysfault_blackhole(const struct syscall_frame *f)
{
	switch (f->nr) {
	case SYS_connect: {
		long r = connect_to_port(f->args[0], (const struct sockaddr *)f->args[1], f->args[2]);
		return r == 1 ? connect_waiting_here(f->args[0]) : r;
	}
	case SYS_read:
	case SYS_readv:
		return receive(f->args[0], 0);
	case SYS_recvfrom:
		return receive(f->args[0], f->args[3]);
	case SYS_recvmsg:
		return receive(f->args[0], f->args[2]);
	case SYS_poll:
		return wait_ms((int)f->args[2], 0, SIGSET_BYTES);
	case SYS_ppoll:   /* the kernel updates the caller's timeout, as ppoll does */
		return wait_for_nothing((struct timespec *)f->args[2], f->args[3], f->args[4]);
	case SYS_select:
		return select_nothing(f, SYS_select, 0);
	case SYS_pselect6:
		return select_nothing(f, SYS_pselect6, f->args[5]);
	case SYS_epoll_wait: {
		int ms = (int)f->args[3];
		struct timespec t = { ms / 1000, (long)(ms % 1000) * 1000000L };
		return epoll_nothing(f, ms < 0 ? NULL : &t, 0, SIGSET_BYTES);
	}
	case SYS_epoll_pwait: {
		int ms = (int)f->args[3];
		struct timespec t = { ms / 1000, (long)(ms % 1000) * 1000000L };
		return epoll_nothing(f, ms < 0 ? NULL : &t, f->args[4], f->args[5]);
	}
	case SYS_epoll_pwait2: {
		/* a copy: ppoll writes the time left back, epoll_pwait2 leaves the caller's alone */
		const struct timespec *given = (const struct timespec *)f->args[3];
		struct timespec t = { 0, 0 };
		if (given != NULL && !sysfault_read_user_block(given, &t, sizeof(t)))
			return -EFAULT;
		return epoll_nothing(f, given != NULL ? &t : NULL, f->args[4], f->args[5]);
	}
	default:
		return -ENOSYS;
	}
}
