/* Calls held until the process's watcher has looked at the calling thread: how exploration learns Java call sites. */
#ifndef SYSFAULT_PAUSE_H
#define SYSFAULT_PAUSE_H

#include <stdint.h>
#include "frame.h"
#include "named_threads.h"

/*
 * A PAUSE rule's call posts itself in a free slot of the board, wakes the watcher (a futex on
 * posted) and futex-waits on its slot's state until the watcher releases it; then the call runs.
 * The watcher is a thread of the same process (a worker JVM's, which reads the waiting thread's
 * Java stack meanwhile) that the control API registers by its pid.  Only the threads it names wait,
 * and the threads they start (named_threads.h: adopted as the clone returns in the parent; a new thread that calls
 * before that waits for its parent's clone to return): never the JVM's own
 * threads, which may hold what the watcher's stack walk waits for.  No lock: a slot is taken by a
 * compare-and-swap, and a call that finds no watcher of its own process (none registered, or a
 * forked child, whose pid differs), is from a thread not named, or finds no free slot goes on at once.
 */
enum pause_slot_state {
	PAUSE_SLOT_FREE,
	PAUSE_SLOT_CLAIMED,    /* taken by a call that is filling it in */
	PAUSE_SLOT_WAITING,    /* posted: the watcher has not taken it yet */
	PAUSE_SLOT_SEEN,       /* the watcher is looking at the thread */
	PAUSE_SLOT_RELEASED,   /* the call may go on (it frees the slot) */
	PAUSE_SLOT_ABANDONED,  /* the call went on before the watcher let it (the watcher frees the slot) */
};

/*
 * The longest a call waits.  A watcher that looks at a thread may itself wait for that thread (a JVM's
 * stack walk waits for a safepoint, which a thread held inside the JVM's own code never reaches): after
 * this the call goes on, so a body is slowed, never hung.  Far longer than a watcher takes otherwise, even on
 * a loaded machine: a call that gives up early goes unseen, and its site is lost to exploration.
 */
#define PAUSE_LONGEST_WAIT_S 10

#define PAUSE_SLOTS 32
#define PAUSE_THREADS 256   /* named threads; more are not adopted */

struct paused_call_slot {
	int32_t state;         /* enum pause_slot_state; the futex the call waits on */
	int32_t tid;
	int64_t nr;
	int64_t arg0;
};

struct pause_board {
	int32_t watcher_pid;   /* 0: no watcher, no call waits */
	uint32_t posted;       /* the futex the watcher waits on: bumped by every post */
	struct paused_call_slot slots[PAUSE_SLOTS];
	struct named_threads named;          /* the threads whose calls wait */
	int32_t named_tids[PAUSE_THREADS];   /* named's entries */
};

extern struct pause_board sysfault_pause_board __attribute__((visibility("hidden")));

/* A fired PAUSE rule: waits for the watcher, if this process has one, names this thread and a slot is free. */
void sysfault_pause_call(const struct syscall_frame *f);

/* This process has a watcher and this thread is named: its calls wait, and the threads it starts will. */
int sysfault_pause_named_here(void);

/* Before and after a named thread's clone that makes a thread (named_threads.h). */
void sysfault_pause_clone_starts(void);
void sysfault_pause_clone_done(long result);

/* Names thread tid (the control API); 0 when it is named now, -1 when the list is full. */
int sysfault_pause_name_thread(long tid);

#endif
