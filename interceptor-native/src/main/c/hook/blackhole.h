/* A peer that never answers (RULE_BLACKHOLE): which calls can wait for one, and how they wait. */
#ifndef SYSFAULT_BLACKHOLE_H
#define SYSFAULT_BLACKHOLE_H

#include <sys/syscall.h>
#include "frame.h"

#ifndef SYS_epoll_pwait2
#define SYS_epoll_pwait2 441   /* Linux 5.11; older headers (bullseye's) lack the name */
#endif

/* The syscalls a BLACKHOLE rule may name: the rule table's check refuses any other. */
static inline int
blackhole_knows(unsigned long nr)
{
	switch (nr) {
	case SYS_connect:
	case SYS_read: case SYS_readv: case SYS_recvfrom: case SYS_recvmsg:
	case SYS_poll: case SYS_ppoll: case SYS_select: case SYS_pselect6:
	case SYS_epoll_wait: case SYS_epoll_pwait: case SYS_epoll_pwait2:
		return 1;
	default:
		return 0;
	}
}

/*
 * Opens this process's black-holed port: a listener on 127.0.0.1 whose accept queue is full, so
 * the kernel drops every SYN sent to it.  Called where a table with a BLACKHOLE rule is loaded
 * (not on the hook path); once per process image, its descriptors close on exec, a forked child
 * shares them.  Without it, connect waits in the hook instead (blackhole.c says how).
 */
void sysfault_blackhole_open_port(void);

/* The result of call f under a BLACKHOLE rule, after the wait it makes (0 <= f->nr, blackhole_knows). */
long sysfault_blackhole(const struct syscall_frame *f);

#endif
