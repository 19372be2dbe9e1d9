/* Which path each file descriptor was opened for, for rules with FD_PATH.
 *
 * Nothing is recorded when a file is opened: the path is read from
 * /proc/self/fd/N the first time a rule asks, and forgotten whenever that
 * descriptor number may have changed meaning (close, dup2/dup3 onto it, a call
 * returning it).  So the answer is always the kernel's, across dup, fcntl
 * F_DUPFD, fork and exec, at the price of one readlink per descriptor. */
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include "fd_paths.h"

#define TRACKED_FDS 1024
#define PATH_ROOM 510

struct fd_path_entry {
	uint16_t len;                 /* 0: not known */
	char path[PATH_ROOM];
};

static struct fd_path_entry *table;
int sysfault_fd_paths_tracked;

int
sysfault_fd_paths_init(void)
{
	if (__atomic_load_n(&table, __ATOMIC_ACQUIRE) != NULL)
		return 0;
	long size = TRACKED_FDS * sizeof(struct fd_path_entry);
	long p = sysfault_raw_syscall(SYS_mmap, 0, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p < 0 && p > -4096)
		return -1;
	struct fd_path_entry *none = NULL;
	if (!__atomic_compare_exchange_n(&table, &none, (struct fd_path_entry *)p, 0, __ATOMIC_RELEASE,
	                                 __ATOMIC_ACQUIRE))
		sysfault_raw_syscall(SYS_munmap, p, size, 0, 0, 0, 0);   /* another thread was first */
	__atomic_store_n(&sysfault_fd_paths_tracked, 1, __ATOMIC_RELEASE);
	return 0;
}

static void
forget(long fd)
{
	struct fd_path_entry *t = __atomic_load_n(&table, __ATOMIC_ACQUIRE);
	if (t != NULL && fd >= 0 && fd < TRACKED_FDS)
		__atomic_store_n(&t[fd].len, 0, __ATOMIC_RELAXED);
}

/* "/proc/self/fd/" followed by the decimal fd */
static void
proc_fd_name(long fd, char out[32])
{
	static const char prefix[] = "/proc/self/fd/";
	char digits[24];
	int n = 0, i = 0;
	do {
		digits[n++] = (char)('0' + fd % 10);
		fd /= 10;
	} while (fd > 0);
	for (; prefix[i] != '\0'; i++)
		out[i] = prefix[i];
	while (n > 0)
		out[i++] = digits[--n];
	out[i] = '\0';
}

long
sysfault_fd_path(long fd, char scratch[FD_PATH_SCRATCH], const char **path)
{
	if (fd < 0 || fd > 0x7fffffff)
		return -1;
	struct fd_path_entry *t = __atomic_load_n(&table, __ATOMIC_ACQUIRE);
	struct fd_path_entry *e = t != NULL && fd < TRACKED_FDS ? &t[fd] : NULL;
	if (e != NULL) {
		uint16_t len = __atomic_load_n(&e->len, __ATOMIC_ACQUIRE);
		if (len != 0) {
			*path = e->path;
			return len;
		}
	}
	char name[32];
	proc_fd_name(fd, name);
	long n = sysfault_raw_syscall(SYS_readlink, (long)name, (long)scratch, FD_PATH_SCRATCH, 0, 0, 0);
	if (n <= 0 || n >= FD_PATH_SCRATCH)
		return -1;
	scratch[n] = '\0';
	*path = scratch;
	if (e != NULL && n < PATH_ROOM) {
		for (long i = 0; i <= n; i++)
			e->path[i] = scratch[i];
		__atomic_store_n(&e->len, (uint16_t)n, __ATOMIC_RELEASE);
	}
	return n;
}

int
sysfault_fd_call(long nr)
{
	switch (nr) {
	case SYS_close: case SYS_close_range: case SYS_dup: case SYS_dup2: case SYS_dup3:
	case SYS_fcntl: case SYS_open: case SYS_openat: case SYS_openat2: case SYS_creat:
		return 1;
	default:
		return 0;
	}
}

void
sysfault_fd_paths_before(const struct syscall_frame *f)
{
	switch (f->nr) {
	case SYS_close:
		forget(f->args[0]);
		break;
	case SYS_dup2:
	case SYS_dup3:
		forget(f->args[1]);
		break;
	case SYS_close_range: {
		unsigned long first = (unsigned long)f->args[0], last = (unsigned long)f->args[1];
		for (unsigned long fd = first; fd <= last && fd < TRACKED_FDS; fd++)
			forget((long)fd);
		break;
	}
	default:
		break;
	}
}

void
sysfault_fd_paths_after(const struct syscall_frame *f, long result)
{
	sysfault_fd_paths_before(f);   /* another thread may have asked in between */
	if (result < 0)
		return;
	switch (f->nr) {
	case SYS_dup: case SYS_open: case SYS_openat: case SYS_openat2: case SYS_creat:
		forget(result);
		break;
	case SYS_fcntl:
		if (f->args[1] == F_DUPFD || f->args[1] == F_DUPFD_CLOEXEC)
			forget(result);
		break;
	default:
		break;
	}
}
