/* The calling thread's pid and tid without a syscall per use: cached in thread-local storage.
 * libsysfault.so is preloaded, so its TLS is static (initial-exec): one %fs-relative load,
 * safe in signal handlers.  A vfork child shares its parent's TLS, so both forget the cache
 * around every clone-family call (dispatch.c). */
#include <sys/syscall.h>
#include "frame.h"
#include "own_ids.h"

static __thread __attribute__((tls_model("initial-exec"))) long cached_pid;
static __thread __attribute__((tls_model("initial-exec"))) long cached_tid;

long
sysfault_own_pid(void)
{
	if (cached_pid == 0)
		cached_pid = sysfault_raw_syscall(SYS_getpid, 0, 0, 0, 0, 0, 0);
	return cached_pid;
}

long
sysfault_own_tid(void)
{
	if (cached_tid == 0)
		cached_tid = sysfault_raw_syscall(SYS_gettid, 0, 0, 0, 0, 0, 0);
	return cached_tid;
}

void
sysfault_forget_own_ids(void)
{
	cached_pid = 0;
	cached_tid = 0;
}
