/* The hook's side of PAUSE rules: post the call, wake the watcher, wait to be released (pause.h). */
#include <linux/futex.h>
#include <errno.h>
#include <stddef.h>
#include <time.h>
#include <sys/syscall.h>
#include "own_ids.h"
#include "pause.h"
#include "frame.h"

struct pause_board sysfault_pause_board = {
	.named = { .capacity = PAUSE_THREADS, .tids = sysfault_pause_board.named_tids },
};

static void
futex_wake(int32_t *word)
{
	sysfault_raw_syscall(SYS_futex, (long)word, FUTEX_WAKE, 1, 0, 0, 0);
}

/* The wait was too long: the call goes on, leaving the slot to whoever holds it now. */
static int
give_up(struct paused_call_slot *s)
{
	int32_t waiting = PAUSE_SLOT_WAITING, seen = PAUSE_SLOT_SEEN;
	if (__atomic_compare_exchange_n(&s->state, &waiting, PAUSE_SLOT_FREE, 0, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED))
		return 1;
	return __atomic_compare_exchange_n(&s->state, &seen, PAUSE_SLOT_ABANDONED, 0, __ATOMIC_SEQ_CST,
	                                   __ATOMIC_RELAXED);
}

int
sysfault_pause_name_thread(long tid)
{
	return named_threads_add(&sysfault_pause_board.named, tid);
}

/* Set while this thread is inside a clone that counted itself in the board's adopting. */
static __thread __attribute__((tls_model("initial-exec"))) int adopting_mine;

int
sysfault_pause_named_here(void)
{
	return __atomic_load_n(&sysfault_pause_board.watcher_pid, __ATOMIC_RELAXED) == sysfault_own_pid() &&
	       named_threads_has(&sysfault_pause_board.named, sysfault_own_tid());
}

void
sysfault_pause_clone_starts(void)
{
	named_threads_clone_starts(&sysfault_pause_board.named, &adopting_mine);
}

void
sysfault_pause_clone_done(long result)
{
	named_threads_clone_done(&sysfault_pause_board.named, &adopting_mine, result);
}

void
sysfault_pause_call(const struct syscall_frame *f)
{
	struct pause_board *b = &sysfault_pause_board;
	long pid = sysfault_own_pid();
	if (__atomic_load_n(&b->watcher_pid, __ATOMIC_SEQ_CST) != pid)
		return;   /* no watcher, or a forked child: nobody here would ever release the call */
	if (!named_threads_has_after_adoptions(&b->named, sysfault_own_tid()))
		return;   /* the JVM's own threads, say */
	struct paused_call_slot *s = NULL;
	for (int i = 0; i < PAUSE_SLOTS && s == NULL; i++) {
		int32_t free_state = PAUSE_SLOT_FREE;
		if (__atomic_compare_exchange_n(&b->slots[i].state, &free_state, PAUSE_SLOT_CLAIMED, 0,
		                                __ATOMIC_SEQ_CST, __ATOMIC_RELAXED))
			s = &b->slots[i];
	}
	if (s == NULL)
		return;   /* more calls waiting than slots: this one goes on unseen */
	s->tid = (int32_t)sysfault_own_tid();
	s->nr = f->nr;
	s->arg0 = f->args[0];
	__atomic_store_n(&s->state, PAUSE_SLOT_WAITING, __ATOMIC_SEQ_CST);
	/* The watcher may have gone between the check above and the post: then nobody takes the
	 * slot, and the call takes it back itself.  Whichever swap wins, the other sees it. */
	if (__atomic_load_n(&b->watcher_pid, __ATOMIC_SEQ_CST) != pid) {
		int32_t waiting = PAUSE_SLOT_WAITING;
		if (__atomic_compare_exchange_n(&s->state, &waiting, PAUSE_SLOT_FREE, 0, __ATOMIC_SEQ_CST,
		                                __ATOMIC_RELAXED))
			return;
	} else {
		__atomic_add_fetch(&b->posted, 1, __ATOMIC_SEQ_CST);
		futex_wake((int32_t *)&b->posted);
	}
	int32_t now;
	while ((now = __atomic_load_n(&s->state, __ATOMIC_SEQ_CST)) != PAUSE_SLOT_RELEASED) {
		/* EINTR (a handler ran) or EAGAIN (the state moved on): look again; a whole wait is rare */
		struct timespec longest = { PAUSE_LONGEST_WAIT_S, 0 };
		long r = sysfault_raw_syscall(SYS_futex, (long)&s->state, FUTEX_WAIT, now, (long)&longest, 0, 0);
		if (r == -ETIMEDOUT && give_up(s))
			return;
	}
	__atomic_store_n(&s->state, PAUSE_SLOT_FREE, __ATOMIC_SEQ_CST);
}
