/* Reading strings and blocks from the calling program's memory, and writing blocks to it, without crashing on a bad pointer. */
#include <errno.h>
#include <fcntl.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include "frame.h"
#include "own_ids.h"
#include "user_memory.h"

#define PAGE 4096UL

/*
 * Set once process_vm_readv has been refused: by a seccomp filter (Docker's default profile, for a
 * container without CAP_SYS_PTRACE), or a kernel without it.  Inherited by fork, as the filter is.
 */
static int vm_readv_refused;

/*
 * Copies n bytes at `at` (all in one page) the way the kernel copies a call's argument: written
 * into a pipe of this read's own, then read back.  The write fails with EFAULT wherever the
 * program itself could not read, PROT_NONE pages included.
 */
static long
read_through_pipe(char *dst, unsigned long at, size_t n, int pipe_fds[2])
{
	if (pipe_fds[0] < 0) {
		long r = sysfault_raw_syscall(SYS_pipe2, (long)pipe_fds, O_CLOEXEC | O_NONBLOCK, 0, 0, 0, 0);
		if (r < 0) {
			pipe_fds[0] = -1;
			return r;
		}
	}
	long written = sysfault_raw_syscall(SYS_write, pipe_fds[1], (long)at, (long)n, 0, 0, 0);
	if (written <= 0)
		return written;
	return sysfault_raw_syscall(SYS_read, pipe_fds[0], (long)dst, written, 0, 0, 0);
}

static long
read_chunk(char *dst, unsigned long at, size_t n, int pipe_fds[2])
{
	if (!__atomic_load_n(&vm_readv_refused, __ATOMIC_RELAXED)) {
		struct iovec local = { dst, n }, remote = { (void *)at, n };
		long r = sysfault_raw_syscall(SYS_process_vm_readv, sysfault_own_pid(), (long)&local, 1, (long)&remote, 1, 0);
		if (r != -EPERM && r != -ENOSYS)
			return r;
		__atomic_store_n(&vm_readv_refused, 1, __ATOMIC_RELAXED);
	}
	return read_through_pipe(dst, at, n, pipe_fds);
}

long
sysfault_read_user_string(const void *addr, char *buf, size_t size)
{
	int pipe_fds[2] = { -1, -1 };
	long result = USER_STRING_TOO_LONG;
	size_t have = 0;
	unsigned long at = (unsigned long)addr;
	while (have < size) {
		/* one page at a time: a string may end right before an unmapped page */
		size_t chunk = PAGE - (at % PAGE);
		if (chunk > size - have)
			chunk = size - have;
		long n = read_chunk(buf + have, at, chunk, pipe_fds);
		if (n <= 0) {
			result = USER_STRING_UNREADABLE;
			break;
		}
		long i = 0;
		while (i < n && buf[have + (size_t)i] != '\0')
			i++;
		if (i < n) {
			result = (long)(have + (size_t)i);
			break;
		}
		have += (size_t)n;
		at += (unsigned long)n;
	}
	if (pipe_fds[0] >= 0) {
		sysfault_raw_syscall(SYS_close, pipe_fds[0], 0, 0, 0, 0, 0);
		sysfault_raw_syscall(SYS_close, pipe_fds[1], 0, 0, 0, 0, 0);
	}
	return result;
}

int
sysfault_read_user_block(const void *addr, void *buf, size_t n)
{
	int pipe_fds[2] = { -1, -1 };
	unsigned long at = (unsigned long)addr;
	size_t have = 0;
	while (have < n) {
		size_t chunk = PAGE - (at % PAGE);
		if (chunk > n - have)
			chunk = n - have;
		long got = read_chunk((char *)buf + have, at, chunk, pipe_fds);
		if (got <= 0)
			break;
		have += (size_t)got;
		at += (unsigned long)got;
	}
	if (pipe_fds[0] >= 0) {
		sysfault_raw_syscall(SYS_close, pipe_fds[0], 0, 0, 0, 0, 0);
		sysfault_raw_syscall(SYS_close, pipe_fds[1], 0, 0, 0, 0, 0);
	}
	return have == n;
}

/*
 * Copies n bytes at `src` (ours) to `at` (all in one page) the way the kernel copies a call's
 * result out: into a pipe of this write's own, then read from it into the program's memory.  The
 * read fails with EFAULT wherever the program itself could not write.
 */
static long
write_through_pipe(unsigned long at, const char *src, size_t n, int pipe_fds[2])
{
	if (pipe_fds[0] < 0) {
		long r = sysfault_raw_syscall(SYS_pipe2, (long)pipe_fds, O_CLOEXEC | O_NONBLOCK, 0, 0, 0, 0);
		if (r < 0) {
			pipe_fds[0] = -1;
			return r;
		}
	}
	long written = sysfault_raw_syscall(SYS_write, pipe_fds[1], (long)src, (long)n, 0, 0, 0);
	if (written <= 0)
		return written;
	long got = sysfault_raw_syscall(SYS_read, pipe_fds[0], (long)at, written, 0, 0, 0);
	if (got != written) {   /* what the program's memory refused would be read by the next chunk */
		sysfault_raw_syscall(SYS_close, pipe_fds[0], 0, 0, 0, 0, 0);
		sysfault_raw_syscall(SYS_close, pipe_fds[1], 0, 0, 0, 0, 0);
		pipe_fds[0] = -1;
		return -EFAULT;
	}
	return got;
}

static long
write_chunk(unsigned long at, const char *src, size_t n, int pipe_fds[2])
{
	if (!__atomic_load_n(&vm_readv_refused, __ATOMIC_RELAXED)) {
		struct iovec local = { (void *)src, n }, remote = { (void *)at, n };
		long r = sysfault_raw_syscall(SYS_process_vm_writev, sysfault_own_pid(), (long)&local, 1, (long)&remote, 1, 0);
		if (r != -EPERM && r != -ENOSYS)
			return r;
		__atomic_store_n(&vm_readv_refused, 1, __ATOMIC_RELAXED);
	}
	return write_through_pipe(at, src, n, pipe_fds);
}

int
sysfault_write_user_block(void *addr, const void *src, size_t n)
{
	int pipe_fds[2] = { -1, -1 };
	unsigned long at = (unsigned long)addr;
	size_t have = 0;
	while (have < n) {
		size_t chunk = PAGE - (at % PAGE);
		if (chunk > n - have)
			chunk = n - have;
		long put = write_chunk(at, (const char *)src + have, chunk, pipe_fds);
		if (put <= 0)
			break;
		have += (size_t)put;
		at += (unsigned long)put;
	}
	if (pipe_fds[0] >= 0) {
		sysfault_raw_syscall(SYS_close, pipe_fds[0], 0, 0, 0, 0, 0);
		sysfault_raw_syscall(SYS_close, pipe_fds[1], 0, 0, 0, 0, 0);
	}
	return have == n;
}
