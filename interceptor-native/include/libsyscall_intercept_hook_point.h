/*
 * The C hook API of libsysfault.so, source-compatible with pmem's syscall_intercept.
 *
 * A hook library is an ordinary shared object preloaded together with (after)
 * libsysfault.so; its constructor stores a function pointer in
 * intercept_hook_point.  From then on every system call that glibc makes is
 * offered to that function before it reaches the kernel (with INTERCEPT_ALL_OBJS=1
 * in the environment, those of every object loaded at start-up too).
 *
 *   LD_PRELOAD="libsysfault.so myhook.so" ls
 *
 * The hook runs on the path of the intercepted call: it may be reached from a
 * signal handler, from a vfork child or while another thread holds any libc
 * lock, so it should use only syscall_no_intercept() and async-signal-safe code.
 */
#ifndef LIBSYSCALL_INTERCEPT_HOOK_POINT_H
#define LIBSYSCALL_INTERCEPT_HOOK_POINT_H

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Called before each intercepted system call with its number and its six
 * arguments (unused ones hold whatever the registers held).
 * Return 0 to answer the call yourself: *result becomes the value the caller
 * sees in RAX (a negative errno such as -ENOTSUP for a failure).
 * Return anything else to let the call go to the kernel unchanged.
 */
extern int (*intercept_hook_point)(long syscall_number,
                                   long arg0, long arg1, long arg2,
                                   long arg3, long arg4, long arg5,
                                   long *result);

/*
 * As in syscall_intercept, called only after a clone or clone3 that was given
 * a stack for the child (clone's second argument, clone3's stack field, not 0:
 * a thread, or posix_spawn's child) and that went to the kernel (no rule and
 * no intercept_hook_point answered it).  The child hook runs in the new child,
 * on its new stack; the parent hook in the caller, with what the call returned:
 * the new child's id, or a negative errno.  Never after fork, vfork, or a
 * clone or clone3 without a stack.  sysfault_hook_point.h has hooks of ours
 * for every call of the clone family, with its flags.
 */
extern void (*intercept_hook_point_clone_child)(void);
extern void (*intercept_hook_point_clone_parent)(long pid);

/*
 * Makes a system call that is not intercepted.  Use it inside hooks: calling
 * glibc from a hook would re-enter the hook.  Returns the raw kernel result
 * (a negative errno on failure; errno is not touched).
 */
long syscall_no_intercept(long syscall_number, ...);

/* The errno carried by a raw result of syscall_no_intercept(), or 0. */
static inline int
syscall_error_code(long result)
{
	return (result < 0 && result >= -4095) ? (int)-result : 0;
}

/*
 * 1 when this process is patched, 0 when it is not (the library is loaded but
 * no call is offered to hooks): INTERCEPT_HOOK_CMDLINE_FILTER names another
 * program, or the library was dlopen()ed into a process that ran several threads.
 */
int syscall_hook_in_process_allowed(void);

#ifdef __cplusplus
}
#endif

#endif
