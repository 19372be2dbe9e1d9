/*
 * trace_bad_pointer: openat with path pointers the kernel cannot read, for the trace tests
 * (junit-extension's BadPathPointerTest).  A recorder that copies the path must not crash the
 * program, and every call must still get the EFAULT the kernel gives it.
 *
 *   trace_bad_pointer
 *
 * Calls, in this order, each openat(AT_FDCWD, PATH, O_RDONLY):
 *
 *   low        PATH = (char *)1
 *   unmapped   PATH = the start of a page that was mapped and then unmapped
 *   prot_none  PATH = the start of a mapped PROT_NONE page
 *   page_end   PATH = "bad" in the last 3 bytes of a readable page whose next page is
 *              unmapped: no NUL the kernel can reach
 *   long       PATH = "/nonexistent/aaa...", 319 bytes (readable, longer than a trace
 *              event holds): ENOENT
 *   good       PATH = "/dev/null": a descriptor, closed again
 *
 * and prints one line per call: "<name> <PATH as %#lx> = <result>", the result being the
 * descriptor or "-1 <errno name>".  Exits 0 when each call got what the list says, else 1.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static int failures;

static const char *errno_name(int e)
{
	switch (e) {
	case EFAULT: return "EFAULT";
	case ENOENT: return "ENOENT";
	case ENAMETOOLONG: return "ENAMETOOLONG";
	case EACCES: return "EACCES";
	default: return "E?";
	}
}

static void call(const char *name, const char *path, int expected_errno)
{
	int fd = openat(AT_FDCWD, path, O_RDONLY);
	int err = errno;
	if (fd >= 0) {
		printf("%s %#lx = %d\n", name, (unsigned long)path, fd);
		close(fd);
	} else {
		printf("%s %#lx = -1 %s\n", name, (unsigned long)path, errno_name(err));
	}
	if (expected_errno == 0 ? fd < 0 : fd >= 0 || err != expected_errno) {
		fprintf(stderr, "trace_bad_pointer: %s: expected %s\n", name,
			expected_errno == 0 ? "a descriptor" : errno_name(expected_errno));
		failures++;
	}
}

int main(void)
{
	long page = sysconf(_SC_PAGESIZE);
	char *pages = mmap(NULL, (size_t)page * 3, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (pages == MAP_FAILED) {
		perror("trace_bad_pointer: mmap");
		return 1;
	}
	/* pages[0]: readable, ends in "bad"; pages[1]: unmapped; pages[2]: PROT_NONE. */
	char *readable = pages, *unmapped = pages + page, *prot_none = pages + 2 * page;
	memcpy(readable + page - 3, "bad", 3);
	if (munmap(unmapped, (size_t)page) != 0 || mprotect(prot_none, (size_t)page, PROT_NONE) != 0) {
		perror("trace_bad_pointer: munmap/mprotect");
		return 1;
	}
	char long_path[320];
	memset(long_path, 'a', sizeof long_path - 1);
	memcpy(long_path, "/nonexistent/", 13);
	long_path[sizeof long_path - 1] = '\0';

	call("low", (const char *)1, EFAULT);
	call("unmapped", unmapped, EFAULT);
	call("prot_none", prot_none, EFAULT);
	call("page_end", readable + page - 3, EFAULT);
	call("long", long_path, ENOENT);
	call("good", "/dev/null", 0);
	return failures == 0 ? 0 : 1;
}
