/*
 * Test program: clone and clone3 calls that fail, for the clone hooks' view of a failure.
 *
 * Prints one line per call with the errno it met, the same with and without the library:
 *   clone3 bad block: EFAULT       (the block's address is unreadable; the hooks must not crash)
 *   clone3 with a stack: EINVAL    (CLONE_THREAD without CLONE_SIGHAND; the block is readable)
 *   clone with a stack: EINVAL     (the same flags through clone)
 */
#include <errno.h>
#include <linux/sched.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static char stack[64 * 1024] __attribute__((aligned(16)));

static const char *
error_name(long result)
{
	if (result != -1)
		return "succeeded";
	return errno == EFAULT ? "EFAULT" : errno == EINVAL ? "EINVAL" : strerror(errno);
}

int
main(void)
{
	long r = syscall(SYS_clone3, (void *)8, sizeof(struct clone_args));
	printf("clone3 bad block: %s\n", error_name(r));

	struct clone_args args;
	memset(&args, 0, sizeof(args));
	args.flags = CLONE_THREAD;
	args.stack = (uint64_t)(uintptr_t)stack;
	args.stack_size = sizeof(stack);
	r = syscall(SYS_clone3, &args, sizeof(args));
	printf("clone3 with a stack: %s\n", error_name(r));

	r = syscall(SYS_clone, CLONE_THREAD, stack + sizeof(stack), 0, 0, 0);
	printf("clone with a stack: %s\n", error_name(r));
	return 0;
}
