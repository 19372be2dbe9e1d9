/* The rules' scope on the hook path: the board of threads in scope and each thread's cached verdict (rule_scope.h). */
#include "own_ids.h"
#include "rule_scope.h"

static int32_t scope_tids[RULE_SCOPE_THREADS];

uint32_t sysfault_rule_scope;
struct named_threads sysfault_rule_scope_board = { .capacity = RULE_SCOPE_THREADS, .tids = scope_tids };

__thread __attribute__((tls_model("initial-exec"))) uint32_t sysfault_rule_scope_seen;
__thread __attribute__((tls_model("initial-exec"))) int sysfault_rule_scope_in;

/* Set while this thread is inside a clone that counted itself in the board's adopting. */
static __thread __attribute__((tls_model("initial-exec"))) int adopting_mine;

/* Every scope that the control API sets takes the next one; never 0, which means no scope. */
static uint32_t last_generation;

int
sysfault_rule_scope_judge(uint32_t g)
{
	int in = named_threads_has_after_adoptions(&sysfault_rule_scope_board, sysfault_own_tid());
	/* The verdict before the generation: a signal handler that judges in between writes the same. */
	sysfault_rule_scope_in = in;
	__atomic_store_n(&sysfault_rule_scope_seen, g, __ATOMIC_RELAXED);
	return in;
}

void
sysfault_rule_scope_clone_starts(int makes_thread_sharing_memory)
{
	/* Judged now, so that a vfork child (which shares this TLS) and a fork's copy start from a fresh verdict. */
	if (sysfault_rule_scope_admits() && makes_thread_sharing_memory)
		named_threads_clone_starts(&sysfault_rule_scope_board, &adopting_mine);
}

void
sysfault_rule_scope_clone_done(int was_vfork, long result)
{
	named_threads_clone_done(&sysfault_rule_scope_board, &adopting_mine, result);
	/* The vfork child ran on this thread's TLS: if the scope changed meanwhile it judged itself there. */
	if (was_vfork && result > 0)
		__atomic_store_n(&sysfault_rule_scope_seen, 0, __ATOMIC_RELAXED);
}

void
sysfault_rule_scope_new_process(void)
{
	uint32_t g = __atomic_load_n(&sysfault_rule_scope, __ATOMIC_ACQUIRE);
	if (g == 0)
		return;
	/* The verdict of the thread that forked, judged as its clone started (this TLS is its copy). */
	int in = sysfault_rule_scope_seen == g && sysfault_rule_scope_in;
	named_threads_clear(&sysfault_rule_scope_board);
	/* Clones that other threads had in progress have no parent here: nobody would ever count them down. */
	__atomic_store_n(&sysfault_rule_scope_board.adopting, 0, __ATOMIC_SEQ_CST);
	adopting_mine = 0;
	if (in)
		(void)named_threads_add(&sysfault_rule_scope_board, sysfault_own_tid());
}

void
sysfault_rule_scope_thread_ends(void)
{
	if (sysfault_rule_scope_on() && sysfault_rule_scope_admits())
		named_threads_remove(&sysfault_rule_scope_board, sysfault_own_tid());
}

void
sysfault_rule_scope_set(long tid)
{
	named_threads_clear(&sysfault_rule_scope_board);
	uint32_t g = 0;
	if (tid > 0) {
		(void)named_threads_add(&sysfault_rule_scope_board, tid);
		do
			g = __atomic_add_fetch(&last_generation, 1, __ATOMIC_SEQ_CST);
		while (g == 0);
	}
	/* Release: a thread that sees the new generation sees the board as it is now. */
	__atomic_store_n(&sysfault_rule_scope, g, __ATOMIC_RELEASE);
}
