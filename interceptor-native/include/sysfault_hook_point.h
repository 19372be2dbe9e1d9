/*
 * sysfault's own hook points, beyond syscall_intercept's: every child of the clone family, with its flags.
 *
 * libsyscall_intercept_hook_point.h keeps syscall_intercept's clone hooks exactly (only a clone or
 * clone3 with a stack of its own, the parent with the id).  These see more: every clone, clone3,
 * fork and vfork that went to the kernel, with the call's flags, stack, tid pointers and TLS.
 * A hook library sets them in its constructor, as intercept_hook_point; both kinds may be set,
 * and for a call that both see, these run first.  The same rules as for any hook apply: they run
 * on the path of the call (in a vfork child, in a child whose parent holds any libc lock), so
 * they should use only syscall_no_intercept() and async-signal-safe code.
 */
#ifndef SYSFAULT_HOOK_POINT_H
#define SYSFAULT_HOOK_POINT_H

#include "libsyscall_intercept_hook_point.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * In the new child, on the child's own stack: flags, child_stack, ptid, ctid and newtls are
 * clone's arguments; for fork, flags is SIGCHLD; for vfork, CLONE_VM | CLONE_VFORK | SIGCHLD.
 * For clone3 they are 0 and NULL: its argument block belongs to the parent, which may already
 * reuse it.
 */
extern void (*sysfault_hook_point_clone_child)(unsigned long flags, void *child_stack,
                                               int *ptid, int *ctid, long newtls);

/*
 * In the caller, after the call: the same values (for clone3, those of its struct clone_args,
 * with exit_signal in the low byte of flags and child_stack the stack's top; 0 where the block
 * could not be read), and what the call returned: the child's id or a negative errno.
 */
extern void (*sysfault_hook_point_clone_parent)(unsigned long flags, void *child_stack,
                                                int *ptid, int *ctid, long newtls,
                                                long returned_pid);

#ifdef __cplusplus
}
#endif

#endif
