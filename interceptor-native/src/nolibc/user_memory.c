/* Reading strings from the calling program's memory without crashing on a bad pointer. */
#include <sys/syscall.h>
#include <sys/uio.h>
#include "frame.h"
#include "own_ids.h"
#include "user_memory.h"

#define PAGE 4096UL

long
sysfault_read_user_string(const void *addr, char *buf, size_t size)
{
	long pid = sysfault_own_pid();
	size_t have = 0;
	unsigned long at = (unsigned long)addr;
	while (have < size) {
		/* one page at a time: a string may end right before an unmapped page */
		size_t chunk = PAGE - (at % PAGE);
		if (chunk > size - have)
			chunk = size - have;
		struct iovec local = { buf + have, chunk }, remote = { (void *)at, chunk };
		long n = sysfault_raw_syscall(SYS_process_vm_readv, pid, (long)&local, 1, (long)&remote, 1, 0);
		if (n <= 0)
			return USER_STRING_UNREADABLE;
		for (long i = 0; i < n; i++)
			if (buf[have + (size_t)i] == '\0')
				return (long)(have + (size_t)i);
		have += (size_t)n;
		at += (unsigned long)n;
	}
	return USER_STRING_TOO_LONG;
}
