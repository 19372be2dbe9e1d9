/* Test JNI library (libjni_getppid.so) that a JVM loads with System.load: a raw getppid with padding in reach, as a native library's own syscall wrapper. */
#include <stdint.h>

/* No <jni.h>: a JNI function is a C function of (JNIEnv *, jclass, ...) returning a jlong or jint here. */
typedef int64_t jlong_;
typedef int32_t jint_;

long jni_raw_getppid(void);
extern const unsigned char jni_raw_getppid_site[];

__asm__(
	"	.text\n"
	"	.p2align 6\n"
	"	.type jni_raw_getppid, @function\n"
	"jni_raw_getppid:\n"
	"	.cfi_startproc\n"
	"	.fill 160, 1, 0x90\n"               /* nothing before the function in a short jump's reach */
	"	movl $110, %eax\n"                 /* SYS_getppid */
	"	.p2align 4, 0x90\n"
	"jni_raw_getppid_site:\n"
	"	syscall\n"
	"	ret\n"
	"	.cfi_endproc\n"
	"	.size jni_raw_getppid, .-jni_raw_getppid\n"
	"	.fill 24, 1, 0xcc\n"               /* padding: outside every function */
	"	.p2align 6, 0x90\n");

__attribute__((visibility("default"))) jlong_
Java_dev_sysfault_interceptor_programs_RawGetppidThroughJni_rawGetppid(void *env, void *cls)
{
	(void)env;
	(void)cls;
	return jni_raw_getppid();
}

/* What the syscall instruction's first byte is now: 0x0f (syscall) or 0xeb (rewritten into a jump). */
__attribute__((visibility("default"))) jint_
Java_dev_sysfault_interceptor_programs_RawGetppidThroughJni_siteByte(void *env, void *cls)
{
	(void)env;
	(void)cls;
	return jni_raw_getppid_site[0];
}
