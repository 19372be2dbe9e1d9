/* Per-thread state in the programs that sysfault-exec starts: one block per thread, addressed through %gs. */
#ifndef SYSFAULT_EXEC_THREAD_BLOCK_H
#define SYSFAULT_EXEC_THREAD_BLOCK_H

/*
 * The hook path keeps its per-thread state in initial-exec TLS.  In libsysfault.so that is
 * addressed through %fs, which glibc sets up; a program started by sysfault-exec (static glibc,
 * musl, Go) owns %fs and points it at its own TLS.  So sysfault-exec builds the same sources
 * with every %fs access turned into %gs (the Makefile's EXEC_GS objects), and gives each thread a
 * block of its own: the loader's TLS image below the thread pointer (where the linker's offsets
 * point), this struct at it.  No C library on x86-64 and no Go runtime touches %gs.
 *
 * A thread inherits its creator's %gs; every thread is created through clone_child.S, which
 * points the child's %gs at a block of its own before the program's code runs again.  A fork
 * child keeps its copy of its parent's block (its memory is a copy).
 *
 * Each block is followed by a guard page and a stack of its own, on which a call from a site rewritten to its
 * trampoline meets the dispatcher (exec/trampoline_entry.S): a Go program makes its calls on a
 * goroutine's stack, which may have only a few hundred bytes left below it.
 */

/* Offsets from the thread pointer, for clone_child.S. */
#define BLOCK_SELF 0
#define BLOCK_TID 8
#define BLOCK_CHILD_RSP 16
#define BLOCK_FRAME 24
#define BLOCK_REGS 104   /* the program's registers at its clone, in ucontext's gregs order */
#define BLOCK_REG_RIP 16
#define BLOCK_REG_EFL 17
#define BLOCK_DISPATCH_TOP 288    /* trampoline_entry.S: the top of this thread's dispatch stack */
#define BLOCK_ON_DISPATCH 296     /* and whether a call of this thread is on it now */

#ifndef __ASSEMBLER__
#include <stddef.h>
#include "hook/frame.h"

struct thread_block {
	struct thread_block *self;    /* %gs:0, as the TLS ABI's thread pointer holds itself */
	long tid;                     /* 0 free, -1 claimed for a thread being created, else its owner */
	unsigned long child_rsp;      /* the new thread's stack pointer as the kernel gave it */
	struct syscall_frame frame;   /* the clone call, for the child's side of the dispatcher */
	long regs[23];                /* the creator's registers at its syscall */
	unsigned long dispatch_top;   /* the stack that a rewritten site's call is dispatched on (trampoline_entry.S) */
	long on_dispatch;             /* 1 while a call of this thread is on it: a nested one stays where it is */
};

_Static_assert(offsetof(struct thread_block, tid) == BLOCK_TID, "clone_child.S");
_Static_assert(offsetof(struct thread_block, child_rsp) == BLOCK_CHILD_RSP, "clone_child.S");
_Static_assert(offsetof(struct thread_block, frame) == BLOCK_FRAME, "clone_child.S");
_Static_assert(offsetof(struct thread_block, regs) == BLOCK_REGS, "clone_child.S");
_Static_assert(offsetof(struct thread_block, dispatch_top) == BLOCK_DISPATCH_TOP, "trampoline_entry.S");
_Static_assert(offsetof(struct thread_block, on_dispatch) == BLOCK_ON_DISPATCH, "trampoline_entry.S");

/* Start-up: the blocks' pool, from the loader's own PT_TLS; 0, or -1 with why filled in. */
int thread_blocks_init(char *why, size_t size);

/* A zeroed block with its TLS image, claimed (tid -1), or NULL when every block is in use.  Hook path. */
struct thread_block *thread_block_claim(void);

/* A claimed block back to the pool (its clone failed).  Hook path. */
void thread_block_release(struct thread_block *b);

/* Points this thread's %gs at b (arch_prctl): 0 or a negative errno. */
long thread_block_enter(struct thread_block *b);

/* This thread's block: %gs:0. */
static inline struct thread_block *
thread_block_self(void)
{
	struct thread_block *b;
	__asm__ volatile("movq %%gs:0, %0" : "=r"(b));
	return b;
}
#endif

#endif
