/* A board of named thread ids that adopts the threads they start: whose calls a PAUSE rule holds, whose calls take rules. */
#ifndef SYSFAULT_NAMED_THREADS_H
#define SYSFAULT_NAMED_THREADS_H

#include <stdint.h>

/*
 * The control API names a thread by its tid; each thread it then starts is named too, as the clone
 * that makes it returns in the parent (named_threads_clone_done).  The new thread may run before
 * that: one that is not named yet waits, bounded, until no named thread is inside such a clone,
 * and looks again (named_threads_has_after_adoptions).  No lock: an entry is taken by a
 * compare-and-swap, so a signal handler or a forked child never finds the board held.  A thread
 * whose entry is not found is not named: with every entry taken, a new thread is not adopted.
 */
struct named_threads {
	uint32_t adopting;   /* named threads inside a clone that makes a thread: its child is not named yet */
	uint32_t capacity;
	int32_t *tids;       /* [capacity]; 0: a free entry */
};

/* The longest a thread not named waits for the clones that may name it (a vfork-like clone can hold one). */
#define NAMED_THREADS_LONGEST_ADOPTION_S 10

int named_threads_has(const struct named_threads *b, long tid);

/* 0 when tid is named now (or was), -1 when every entry is taken. */
int named_threads_add(struct named_threads *b, long tid);

/* tid is no longer named (a named thread that ends: its tid may come back as another thread's). */
void named_threads_remove(struct named_threads *b, long tid);

/* No thread is named. */
void named_threads_clear(struct named_threads *b);

/* named_threads_has, after every clone in progress of a named thread has named its child. */
int named_threads_has_after_adoptions(struct named_threads *b, long tid);

/*
 * Before a named thread's clone that makes a thread sharing its memory (and not a vfork child, which
 * shares its TLS too and is judged by it): until the clone returns, its child may not be named yet.
 * *mine is a thread-local flag of the caller's, one per board: set while this thread is counted.
 */
void named_threads_clone_starts(struct named_threads *b, int *mine);

/* In the parent, as that clone returns (result: the child's tid, or -errno): the child is named now.
 * In the child (result 0) nothing: its TLS is new, or a vfork child's or a fork's copy. */
void named_threads_clone_done(struct named_threads *b, int *mine, long result);

#endif
