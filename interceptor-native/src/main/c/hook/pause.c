/* The hook's side of PAUSE rules: post the call, wake the watcher, wait to be released (pause.h). */
#include <linux/futex.h>
#include <stddef.h>
#include <sys/syscall.h>
#include "own_ids.h"
#include "pause.h"
#include "frame.h"

struct pause_board sysfault_pause_board;

static void
futex_wake(int32_t *word)
{
	sysfault_raw_syscall(SYS_futex, (long)word, FUTEX_WAKE, 1, 0, 0, 0);
}

void
sysfault_pause_call(const struct syscall_frame *f)
{
	struct pause_board *b = &sysfault_pause_board;
	long pid = sysfault_own_pid();
	if (__atomic_load_n(&b->watcher_pid, __ATOMIC_SEQ_CST) != pid)
		return;   /* no watcher, or a forked child: nobody here would ever release the call */
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
	while ((now = __atomic_load_n(&s->state, __ATOMIC_SEQ_CST)) != PAUSE_SLOT_RELEASED)
		/* EINTR (a handler ran) or EAGAIN (the state moved on): look again */
		sysfault_raw_syscall(SYS_futex, (long)&s->state, FUTEX_WAIT, now, 0, 0, 0);
	__atomic_store_n(&s->state, PAUSE_SLOT_FREE, __ATOMIC_SEQ_CST);
}
