/*
 * Hook library for the benchmark: offered every system call, passes every
 * one of them on to the kernel.  It measures what the interception itself
 * costs (trampoline + dispatcher + one indirect call into a hook).
 */
#include "libsyscall_intercept_hook_point.h"

static int
hook(long syscall_number, long arg0, long arg1, long arg2, long arg3,
     long arg4, long arg5, long *result)
{
	(void)syscall_number; (void)arg0; (void)arg1; (void)arg2;
	(void)arg3; (void)arg4; (void)arg5; (void)result;
	return 1;
}

static __attribute__((constructor)) void
install(void)
{
	intercept_hook_point = hook;
}
