/* The watcher's side of PAUSE rules (include/sysfault_control.h): take each paused call, then let it go on. */
#include <linux/futex.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "sysfault_control.h"
#include "hook/exempt_thread.h"
#include "hook/pause.h"

#define EXPORTED __attribute__((visibility("default")))

static struct pause_board *const board = &sysfault_pause_board;

/* Lets every call that is waiting go on, as the watcher leaves. */
static void
release_all(void)
{
	for (int i = 0; i < PAUSE_SLOTS; i++) {
		for (int32_t from = PAUSE_SLOT_WAITING; from <= PAUSE_SLOT_SEEN; from++) {
			int32_t expected = from;
			if (__atomic_compare_exchange_n(&board->slots[i].state, &expected, PAUSE_SLOT_RELEASED, 0,
			                                __ATOMIC_SEQ_CST, __ATOMIC_RELAXED))
				syscall(SYS_futex, &board->slots[i].state, FUTEX_WAKE, 1, NULL, NULL, 0);
		}
		int32_t abandoned = PAUSE_SLOT_ABANDONED;
		__atomic_compare_exchange_n(&board->slots[i].state, &abandoned, PAUSE_SLOT_FREE, 0, __ATOMIC_SEQ_CST,
		                            __ATOMIC_RELAXED);
	}
}

EXPORTED int
sysfault_watch_paused_calls(int on)
{
	/* The watcher's own calls must never wait for itself. */
	sysfault_thread_exempt = 1;
	int32_t pid = on ? (int32_t)getpid() : 0;
	int32_t none = 0;
	if (on && !__atomic_compare_exchange_n(&board->watcher_pid, &none, pid, 0, __ATOMIC_SEQ_CST,
	                                       __ATOMIC_RELAXED))
		return -1;   /* another watcher (or a parent's, before a fork) holds the board */
	if (!on) {
		__atomic_store_n(&board->watcher_pid, 0, __ATOMIC_SEQ_CST);
		release_all();
		named_threads_clear(&board->named);
	}
	return 0;
}

EXPORTED int
sysfault_pause_thread(long tid)
{
	return sysfault_pause_name_thread(tid);
}

EXPORTED int
sysfault_next_paused_call(struct sysfault_paused_call *call, int timeout_ms)
{
	struct timespec wait = { timeout_ms / 1000, (long)(timeout_ms % 1000) * 1000000L };
	for (int waited = 0;; waited = 1) {
		uint32_t posted = __atomic_load_n(&board->posted, __ATOMIC_SEQ_CST);
		for (int i = 0; i < PAUSE_SLOTS; i++) {
			struct paused_call_slot *s = &board->slots[i];
			int32_t waiting = PAUSE_SLOT_WAITING;
			if (__atomic_compare_exchange_n(&s->state, &waiting, PAUSE_SLOT_SEEN, 0, __ATOMIC_SEQ_CST,
			                                __ATOMIC_RELAXED)) {
				call->tid = s->tid;
				call->nr = s->nr;
				call->arg0 = s->arg0;
				return i;
			}
		}
		if (waited)
			return -1;
		/* Woken by a post, or not: either way the slots are looked at once more. */
		syscall(SYS_futex, &board->posted, FUTEX_WAIT, posted, &wait, NULL, 0);
	}
}

EXPORTED void
sysfault_release_paused_call(int slot)
{
	if (slot < 0 || slot >= PAUSE_SLOTS)
		return;
	int32_t seen = PAUSE_SLOT_SEEN, abandoned = PAUSE_SLOT_ABANDONED;
	if (__atomic_compare_exchange_n(&board->slots[slot].state, &seen, PAUSE_SLOT_RELEASED, 0, __ATOMIC_SEQ_CST,
	                                __ATOMIC_RELAXED))
		syscall(SYS_futex, &board->slots[slot].state, FUTEX_WAKE, 1, NULL, NULL, 0);
	else   /* the call went on without it (pause.h): the slot is free again */
		__atomic_compare_exchange_n(&board->slots[slot].state, &abandoned, PAUSE_SLOT_FREE, 0, __ATOMIC_SEQ_CST,
		                            __ATOMIC_RELAXED);
}
