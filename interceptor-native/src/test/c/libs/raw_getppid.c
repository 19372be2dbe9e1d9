/* Test library (libraw_getppid.so) that makes getppid with a syscall instruction of its own, not through glibc. */
#include <sys/syscall.h>

long library_raw_getppid(void);

long
library_raw_getppid(void)
{
	long result;
	__asm__ volatile("syscall" : "=a"(result) : "0"((long)SYS_getppid) : "rcx", "r11", "memory");
	return result;
}
