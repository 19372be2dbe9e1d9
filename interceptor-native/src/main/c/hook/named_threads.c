/* The board of named threads and its adoption of the threads they start (named_threads.h). */
#include <linux/futex.h>
#include <errno.h>
#include <time.h>
#include <sys/syscall.h>
#include "frame.h"
#include "named_threads.h"

int
named_threads_has(const struct named_threads *b, long tid)
{
	for (uint32_t i = 0; i < b->capacity; i++)
		if (__atomic_load_n(&b->tids[i], __ATOMIC_RELAXED) == (int32_t)tid)
			return 1;
	return 0;
}

int
named_threads_add(struct named_threads *b, long tid)
{
	if (named_threads_has(b, tid))
		return 0;
	for (uint32_t i = 0; i < b->capacity; i++) {
		int32_t free_entry = 0;
		if (__atomic_compare_exchange_n(&b->tids[i], &free_entry, (int32_t)tid, 0, __ATOMIC_SEQ_CST,
		                                __ATOMIC_RELAXED))
			return 0;
	}
	return -1;
}

void
named_threads_remove(struct named_threads *b, long tid)
{
	for (uint32_t i = 0; i < b->capacity; i++) {
		int32_t named = (int32_t)tid;
		__atomic_compare_exchange_n(&b->tids[i], &named, 0, 0, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED);
	}
}

void
named_threads_clear(struct named_threads *b)
{
	for (uint32_t i = 0; i < b->capacity; i++)
		__atomic_store_n(&b->tids[i], 0, __ATOMIC_SEQ_CST);
}

int
named_threads_has_after_adoptions(struct named_threads *b, long tid)
{
	if (named_threads_has(b, tid))
		return 1;
	uint32_t n;
	while ((n = __atomic_load_n(&b->adopting, __ATOMIC_SEQ_CST)) != 0) {
		/* EINTR (a handler ran) or EAGAIN (the count moved): look again */
		struct timespec longest = { NAMED_THREADS_LONGEST_ADOPTION_S, 0 };
		long r = sysfault_raw_syscall(SYS_futex, (long)&b->adopting, FUTEX_WAIT, n, (long)&longest, 0, 0);
		if (r == -ETIMEDOUT)
			break;
	}
	return named_threads_has(b, tid);
}

void
named_threads_clone_starts(struct named_threads *b, int *mine)
{
	__atomic_add_fetch(&b->adopting, 1, __ATOMIC_SEQ_CST);
	*mine = 1;
}

void
named_threads_clone_done(struct named_threads *b, int *mine, long result)
{
	if (!*mine || result == 0)
		return;   /* not counted, or the child */
	*mine = 0;
	if (result > 0)
		(void)named_threads_add(b, result);
	__atomic_sub_fetch(&b->adopting, 1, __ATOMIC_SEQ_CST);
	sysfault_raw_syscall(SYS_futex, (long)&b->adopting, FUTEX_WAKE, 0x7fffffff, 0, 0, 0);
}
