/* The rule table at start-up: maps SYSFAULT_RULES, refuses it unless rule_check.c passes it, and indexes it for the hook path. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include "raw_io.h"
#include "report.h"
#include "rule_check.h"
#include "rule_table.h"
#include "../nolibc/fd_paths.h"
#include "../nolibc/rules_state.h"

struct loaded_rules sysfault_rules;

#define RULE_SIZE 160u

/* Private zeroed memory from the kernel, or NULL. */
static void *anon(size_t size)
{
	long p = sysfault_raw_syscall(SYS_mmap, 0, (long)size, PROT_READ | PROT_WRITE,
	                              MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	return (unsigned long)p > -4096ul ? NULL : (void *)p;
}

static _Noreturn void refuse(const char *path, const char *what)
{
	report("sysfault: rule table %s: %s", path, what);
	exit(SYSFAULT_EXIT_STRICT);
}

static _Noreturn void refuse_errno(const char *path, const char *doing, long err)
{
	char what[256];
	snprintf(what, sizeof(what), "%s: %s (errno %ld)", doing, strerror((int)-err), -err);
	refuse(path, what);
}

/* The by-syscall index and the per-process arrays of rules_state.h, for a checked table. */
static void build_state(const char *path, const uint8_t *base, uint32_t count, const char *argv0)
{
	const struct rule *rules = (const struct rule *)(base + RULES_FIRST_RULE_OFFSET);
	const char *slash = argv0 ? strrchr(argv0, '/') : NULL;
	const char *command = slash ? slash + 1 : argv0;
	struct loaded_rules *s = &sysfault_rules;

	uint32_t *start = anon((RULES_MAX_SYSCALL + 1) * sizeof(uint32_t));
	uint8_t *enabled = anon(count);
	/* calls, then fired: one mapping, which a forked child resets at once (rules.c). */
	size_t per_process = ((size_t)count * (RULES_MAX_SYSCALL + 1) * sizeof(uint64_t) + 4095) & ~(size_t)4095;
	uint64_t *calls = anon(per_process);
	if (!start || !enabled || !calls)
		refuse(path, "cannot allocate memory for its per-process state");

	/* start[nr + 1] counts first, then becomes the running sum; rules go in ascending. */
	for (uint32_t i = 0; i < count; i++)
		for (uint32_t nr = 0; nr < RULES_MAX_SYSCALL; nr++)
			start[nr + 1] += (rules[i].syscalls[nr / 8] >> (nr % 8)) & 1;
	for (uint32_t nr = 0; nr < RULES_MAX_SYSCALL; nr++)
		start[nr + 1] += start[nr];
	uint16_t *by_syscall = anon((size_t)start[RULES_MAX_SYSCALL] * sizeof(uint16_t) + 1);
	uint32_t fill[RULES_MAX_SYSCALL];
	if (!by_syscall)
		refuse(path, "cannot allocate memory for its index");
	memcpy(fill, start, sizeof(fill));
	for (uint32_t i = 0; i < count; i++) {
		for (uint32_t nr = 0; nr < RULES_MAX_SYSCALL; nr++)
			if ((rules[i].syscalls[nr / 8] >> (nr % 8)) & 1)
				by_syscall[fill[nr]++] = (uint16_t)i;
		if (rules[i].flags & RULE_FD_PATH)
			s->tracks_fd_paths = 1;
		enabled[i] = !(rules[i].flags & RULE_COMMAND) ||
		             (command != NULL && strcmp(command, (const char *)base + RULES_FIRST_RULE_OFFSET +
		                                        RULE_SIZE * count + rules[i].command) == 0);
	}

	if (s->tracks_fd_paths && sysfault_fd_paths_init() < 0)
		refuse(path, "cannot allocate memory for the paths of file descriptors");

	s->rules = rules;
	s->strings = (const char *)base + RULES_FIRST_RULE_OFFSET + RULE_SIZE * count;
	s->strings_size = ((const struct rule_table_header *)base)->strings_size;
	s->path_args = base + RULES_PATH_ARGS_OFFSET;
	s->count_arg = base + RULES_COUNT_ARG_OFFSET;
	s->counters = (struct rule_counters *)(base + ((const struct rule_table_header *)base)->counters_offset);
	s->start = start;
	s->by_syscall = by_syscall;
	s->enabled = enabled;
	s->calls = calls;
	s->fired = calls + (size_t)count * RULES_MAX_SYSCALL;
	s->per_process_size = per_process;
	__atomic_store_n(&s->count, count, __ATOMIC_RELEASE);
}

int rule_table_load(const char *argv0)
{
	const char *path = getenv("SYSFAULT_RULES");
	if (path == NULL || path[0] == '\0')
		return 0;
	/* Read-write: the counters are shared with every process and with Java. */
	long fd = raw_open(path, O_RDWR, 0);
	if (fd < 0)
		refuse_errno(path, "cannot open it for reading and writing", fd);
	struct stat st;
	long r = raw_fstat(fd, &st);
	if (r < 0)
		refuse_errno(path, "cannot stat it", r);
	if (!S_ISREG(st.st_mode))
		refuse(path, "is not a regular file");

	size_t len = (size_t)st.st_size;
	static const uint8_t empty[1];
	const uint8_t *base = empty;
	if (len > 0) {
		long p = sysfault_raw_syscall(SYS_mmap, 0, (long)len, PROT_READ, MAP_PRIVATE, fd, 0);
		if ((unsigned long)p > -4096ul)
			refuse_errno(path, "cannot map it", p);
		base = (const uint8_t *)p;
	}
	char msg[400];
	if (rule_table_check(base, len, msg, sizeof(msg)) != 0)
		refuse(path, msg);

	const struct rule_table_header *h = (const struct rule_table_header *)base;
	if (h->rule_count > 0) {
		/* The counters replace the tail of the private mapping: counters_offset is page-aligned. */
		long p = sysfault_raw_syscall(SYS_mmap, (long)(base + h->counters_offset),
		                              (long)(len - h->counters_offset), PROT_READ | PROT_WRITE,
		                              MAP_SHARED | MAP_FIXED, fd, (long)h->counters_offset);
		if ((unsigned long)p > -4096ul)
			refuse_errno(path, "cannot map its counters shared and writable", p);
		build_state(path, base, h->rule_count, argv0);
	}
	raw_close(fd);
	return 0;
}
