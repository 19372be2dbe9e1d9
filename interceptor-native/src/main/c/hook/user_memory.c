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
 * Set once process_vm_readv (or _writev) has been refused: by a seccomp filter (Docker's default
 * profile, for a container without CAP_SYS_PTRACE), or a kernel without it.  Inherited by fork, as
 * the filter is.
 */
static int vm_calls_refused;

/*
 * Copies n bytes from `from` to `to` (each in one page) the way the kernel copies a call's argument
 * in or its result out: written into a pipe of this copy's own, then read back.  The write fails
 * with EFAULT wherever the program itself could not read `from`, the read wherever it could not
 * write `to`, PROT_NONE pages included.
 */
static long
copy_through_pipe(void *to, const void *from, size_t n, int pipe_fds[2])
{
	if (pipe_fds[0] < 0) {
		long r = sysfault_raw_syscall(SYS_pipe2, (long)pipe_fds, O_CLOEXEC | O_NONBLOCK, 0, 0, 0, 0);
		if (r < 0) {
			pipe_fds[0] = -1;
			return r;
		}
	}
	long written = sysfault_raw_syscall(SYS_write, pipe_fds[1], (long)from, (long)n, 0, 0, 0);
	if (written <= 0)
		return written;
	long got = sysfault_raw_syscall(SYS_read, pipe_fds[0], (long)to, written, 0, 0, 0);
	if (got != written) {   /* what `to` refused would be read by the next chunk */
		sysfault_raw_syscall(SYS_close, pipe_fds[0], 0, 0, 0, 0, 0);
		sysfault_raw_syscall(SYS_close, pipe_fds[1], 0, 0, 0, 0, 0);
		pipe_fds[0] = -1;
		return -EFAULT;
	}
	return got;
}

/* n bytes between ours and the program's memory at `at` (in one page), into ours or out of it. */
static long
copy_chunk(char *ours, unsigned long at, size_t n, int out, int pipe_fds[2])
{
	if (!__atomic_load_n(&vm_calls_refused, __ATOMIC_RELAXED)) {
		struct iovec local = { ours, n }, remote = { (void *)at, n };
		long r = sysfault_raw_syscall(out ? SYS_process_vm_writev : SYS_process_vm_readv, sysfault_own_pid(),
		                              (long)&local, 1, (long)&remote, 1, 0);
		if (r != -EPERM && r != -ENOSYS)
			return r;
		__atomic_store_n(&vm_calls_refused, 1, __ATOMIC_RELAXED);
	}
	return out ? copy_through_pipe((void *)at, ours, n, pipe_fds) : copy_through_pipe(ours, (void *)at, n, pipe_fds);
}

static void
close_pipe(int pipe_fds[2])
{
	if (pipe_fds[0] >= 0) {
		sysfault_raw_syscall(SYS_close, pipe_fds[0], 0, 0, 0, 0, 0);
		sysfault_raw_syscall(SYS_close, pipe_fds[1], 0, 0, 0, 0, 0);
	}
}

/* Copies n bytes between `ours` and the program's memory at `at`, page by page; 1, or 0 when some could not be. */
static int
copy_block(char *ours, unsigned long at, size_t n, int out)
{
	int pipe_fds[2] = { -1, -1 };
	size_t have = 0;
	while (have < n) {
		size_t chunk = PAGE - (at % PAGE);
		if (chunk > n - have)
			chunk = n - have;
		long done = copy_chunk(ours + have, at, chunk, out, pipe_fds);
		if (done <= 0)
			break;
		have += (size_t)done;
		at += (unsigned long)done;
	}
	close_pipe(pipe_fds);
	return have == n;
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
		long n = copy_chunk(buf + have, at, chunk, 0, pipe_fds);
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
	close_pipe(pipe_fds);
	return result;
}

int
sysfault_read_user_block(const void *addr, void *buf, size_t n)
{
	return copy_block(buf, (unsigned long)addr, n, 0);
}

int
sysfault_write_user_block(void *addr, const void *src, size_t n)
{
	return copy_block((char *)src, (unsigned long)addr, n, 1);
}
