/*
 * Test program: getppid from four places, for INTERCEPT_ALL_OBJS: a syscall instruction in the
 * program's own C code, one in its hand-written assembly (a symbol, but no unwind entry), one in
 * a library it links (libraw_getppid.so, found through $ORIGIN), and glibc's.  Prints what each
 * got, "a pid" or the errno's name:
 *   program: a pid
 *   assembly: a pid
 *   library: a pid
 *   glibc: a pid
 * With --maps, then the lines of /proc/self/maps that map a patched image of the cache.
 * Built twice: raw_syscall_sites (PIE) and raw_syscall_sites_no_pie.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

long library_raw_getppid(void);
long assembly_raw_getppid(void);

/* As pmem's executable_with_syscall.S: .globl without .type, no CFI, so only .symtab knows it. */
__asm__(".text\n"
        ".globl assembly_raw_getppid\n"
        "assembly_raw_getppid:\n"
        "\tmov $110, %eax\n"   /* SYS_getppid */
        "\tsyscall\n"
        "\tret\n");

static long
program_raw_getppid(void)
{
	long result;
	__asm__ volatile("syscall" : "=a"(result) : "0"((long)SYS_getppid) : "rcx", "r11", "memory");
	return result;
}

static const char *
what(long result)
{
	if (result > 0)
		return "a pid";
	return result == -ENOTSUP ? "ENOTSUP" : strerror((int)-result);
}

int
main(int argc, char **argv)
{
	printf("program: %s\n", what(program_raw_getppid()));
	printf("assembly: %s\n", what(assembly_raw_getppid()));
	printf("library: %s\n", what(library_raw_getppid()));
	/* glibc's getppid() returns what the kernel (or the hook) answered: it cannot fail, so it sets no errno */
	printf("glibc: %s\n", what(getppid()));
	if (argc > 1 && strcmp(argv[1], "--maps") == 0) {
		FILE *maps = fopen("/proc/self/maps", "r");
		char line[4096];
		while (maps != NULL && fgets(line, sizeof(line), maps) != NULL)
			if (strstr(line, ".image") != NULL)
				fputs(line, stdout);
	}
	return 0;
}
