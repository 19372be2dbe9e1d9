/*
 * Hook library for the benchmark: answers getppid() itself with
 * BENCH_ANSWERED_PPID (no kernel entry) and passes every other call on.
 * It measures the cheapest possible hooked call.
 */
#include <sys/syscall.h>

#include "libsyscall_intercept_hook_point.h"
#include "bench.h"

static int
hook(long syscall_number, long arg0, long arg1, long arg2, long arg3,
     long arg4, long arg5, long *result)
{
	(void)arg0; (void)arg1; (void)arg2; (void)arg3; (void)arg4; (void)arg5;
	if (syscall_number != SYS_getppid)
		return 1;
	*result = BENCH_ANSWERED_PPID;
	return 0;
}

static __attribute__((constructor)) void
install(void)
{
	intercept_hook_point = hook;
}
