/*
 * Test program linked against libsysfault.so (not preloaded), which installs its hook in main()
 * and asks whether it is hooked, as syscall_intercept's filter test does.  Prints
 *   hooked - allowed      the hook saw the program's first call after it was installed, and
 *                         syscall_hook_in_process_allowed() is 1
 *   disallowed            INTERCEPT_HOOK_CMDLINE_FILTER names another program: nothing is hooked
 */
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>

#include "libsyscall_intercept_hook_point.h"

static int
announce_once(long syscall_number, long arg0, long arg1, long arg2, long arg3, long arg4,
              long arg5, long *result)
{
	static int announced;
	static const char message[] = "hooked - ";

	(void)syscall_number; (void)arg0; (void)arg1; (void)arg2; (void)arg3; (void)arg4;
	(void)arg5; (void)result;
	if (!announced) {
		announced = 1;
		syscall_no_intercept(SYS_write, 1, message, strlen(message));
	}
	return 1;
}

int
main(void)
{
	intercept_hook_point = announce_once;
	puts(syscall_hook_in_process_allowed() ? "allowed" : "disallowed");
	return 0;
}
