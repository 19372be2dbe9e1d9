/* Test hook library: getppid fails with ENOTSUP (which the kernel never answers), every other call goes to the kernel. */
#include <errno.h>
#include <sys/syscall.h>

#include "libsyscall_intercept_hook_point.h"

static int
hook(long syscall_number, long arg0, long arg1, long arg2, long arg3, long arg4, long arg5,
     long *result)
{
	(void)arg0; (void)arg1; (void)arg2; (void)arg3; (void)arg4; (void)arg5;

	if (syscall_number == SYS_getppid) {
		*result = -ENOTSUP;
		return 0;
	}
	return 1;
}

static __attribute__((constructor)) void
install(void)
{
	intercept_hook_point = hook;
}
