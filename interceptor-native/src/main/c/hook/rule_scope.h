/* Which threads the rules apply to: every thread, or one named thread and what it starts (sysfault_scope_rules). */
#ifndef SYSFAULT_RULE_SCOPE_H
#define SYSFAULT_RULE_SCOPE_H

#include <stdint.h>
#include "named_threads.h"

/*
 * For a harness that runs a test in its own process (a JVM preloaded with libsysfault.so): the rules
 * then apply to the test's thread and to the threads and processes it starts, never to the harness's
 * own threads (a JVM's GC, JIT or the threads that talk to the build tool).  The scope is a board of
 * named threads (named_threads.h): the thread the control API names, the threads it and they start
 * (adopted as their clone returns); a vfork child shares its parent's TLS and so its verdict; a fork
 * child of a thread in scope is in scope with all its threads (its board starts again with it alone).
 *
 * sysfault_rule_scope is 0 while the rules apply to every thread, else the generation of the scope in
 * force, which every change takes anew.  A thread judges itself once per generation (one scan of the
 * board) and keeps its verdict in initial-exec TLS, so a call of a thread in scope pays two loads and
 * a compare; with the scope off, one load.  RULE_SCOPE_THREADS threads at once: beyond them a new
 * thread is not adopted, and so is out of scope; a named thread leaves the board as it exits.
 */
#define RULE_SCOPE_THREADS 1024

extern uint32_t sysfault_rule_scope __attribute__((visibility("hidden")));
extern struct named_threads sysfault_rule_scope_board __attribute__((visibility("hidden")));

/* The generation this thread last judged itself under (0: never), and its verdict then. */
extern __thread uint32_t sysfault_rule_scope_seen __attribute__((visibility("hidden"), tls_model("initial-exec")));
extern __thread int sysfault_rule_scope_in __attribute__((visibility("hidden"), tls_model("initial-exec")));

/* Judges the calling thread under generation g: is it on the board (after the clones that may put it there)? */
int sysfault_rule_scope_judge(uint32_t g);

/* May this thread's call take a rule? */
static inline int
sysfault_rule_scope_admits(void)
{
	uint32_t g = __atomic_load_n(&sysfault_rule_scope, __ATOMIC_ACQUIRE);
	if (__builtin_expect(g == 0, 1))
		return 1;
	if (__builtin_expect(g == sysfault_rule_scope_seen, 1))
		return sysfault_rule_scope_in;
	return sysfault_rule_scope_judge(g);
}

static inline int
sysfault_rule_scope_on(void)
{
	return __atomic_load_n(&sysfault_rule_scope, __ATOMIC_RELAXED) != 0;
}

/* Before a clone-family call (flags: clone's, or clone3's block's): a thread in scope adopts the thread it
 * makes, and the verdict that a vfork child or a fork's copy inherits is judged fresh. */
void sysfault_rule_scope_clone_starts(int makes_thread_sharing_memory);

/* After it, in parent and child (result: the child's tid, 0 in the child, or -errno). */
void sysfault_rule_scope_clone_done(int was_vfork, long result);

/* In a new process (a fork child): its board holds the parent's threads; now only this one, if it is in scope. */
void sysfault_rule_scope_new_process(void);

/* As a thread exits: a named thread's tid leaves the board (the kernel may give it to another thread). */
void sysfault_rule_scope_thread_ends(void);

/* The control API: from now on the rules apply only to thread tid and what it starts; tid 0: to every thread. */
void sysfault_rule_scope_set(long tid);

#endif
