/* File and process calls for start-up that no hook sees: they go straight to the kernel. */
#ifndef SYSFAULT_RAW_IO_H
#define SYSFAULT_RAW_IO_H

#include <fcntl.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include "hook/frame.h"

/* Each returns the kernel's result: >= 0, or a negative errno. */

static inline long raw_open(const char *path, int flags, int mode)
{ return sysfault_raw_syscall(SYS_openat, AT_FDCWD, (long)path, flags | O_CLOEXEC, mode, 0, 0); }

static inline long raw_close(long fd)
{ return sysfault_raw_syscall(SYS_close, fd, 0, 0, 0, 0, 0); }

static inline long raw_pread(long fd, void *buf, size_t len, long offset)
{ return sysfault_raw_syscall(SYS_pread64, fd, (long)buf, (long)len, offset, 0, 0); }

static inline long raw_fstat(long fd, struct stat *st)
{ return sysfault_raw_syscall(SYS_fstat, fd, (long)st, 0, 0, 0, 0); }

static inline long raw_openat(long dir, const char *name, int flags, int mode)
{ return sysfault_raw_syscall(SYS_openat, dir, (long)name, flags | O_CLOEXEC, mode, 0, 0); }

static inline long raw_mkdirat(long dir, const char *name, int mode)
{ return sysfault_raw_syscall(SYS_mkdirat, dir, (long)name, mode, 0, 0, 0); }

static inline long raw_renameat(long from_dir, const char *from, long to_dir, const char *to)
{ return sysfault_raw_syscall(SYS_renameat, from_dir, (long)from, to_dir, (long)to, 0, 0); }

static inline long raw_unlinkat(long dir, const char *name, int flags)
{ return sysfault_raw_syscall(SYS_unlinkat, dir, (long)name, flags, 0, 0, 0); }

static inline long raw_getpid(void)
{ return sysfault_raw_syscall(SYS_getpid, 0, 0, 0, 0, 0, 0); }

static inline long raw_geteuid(void)
{ return sysfault_raw_syscall(SYS_geteuid, 0, 0, 0, 0, 0, 0); }

/* Reads (SYS_read) or writes (SYS_write) all of buf, retrying short transfers and EINTR; 0 or -1. */
static inline int raw_transfer_all(long nr, long fd, const void *buf, size_t len)
{
	for (size_t done = 0; done < len;) {
		long n = sysfault_raw_syscall(nr, fd, (long)((const char *)buf + done), (long)(len - done), 0, 0, 0);
		if (n == -4) /* EINTR */
			continue;
		if (n <= 0)
			return -1;
		done += (size_t)n;
	}
	return 0;
}

static inline int raw_read_all(long fd, void *buf, size_t len)
{ return raw_transfer_all(SYS_read, fd, buf, len); }

static inline int raw_write_all(long fd, const void *buf, size_t len)
{ return raw_transfer_all(SYS_write, fd, buf, len); }

#endif
