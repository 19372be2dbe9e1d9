/* Loading a rule table without libc: reads the file into private memory, refuses it unless rule_check.c passes
 * that copy, indexes it for the hook path.  rule_table.c (start-up, sysfault_load_rules) and rules_follow.c (the
 * hook path, when the control file names a new table) share it. */
#include <errno.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include "raw_io/raw_io.h"
#include "rule_check.h"
#include "rule_load.h"
#include "text_format.h"
#include "hook/blackhole.h"
#include "hook/fd_paths.h"

#define PAGE 4096u   /* the memory page, for mappings */

/* The program's command name (last part of argv[0] at start-up): decides COMMAND rules for good. */
static const char *command;

void rule_table_set_command(const char *name) { command = name; }

static size_t round_up(size_t n, size_t to) { return (n + to - 1) & ~(to - 1); }

static int failed(long r) { return (unsigned long)r > -4096ul; }

static int refuse(struct table_refusal *why, long err, const char *what)
{
	text_format(why->what, sizeof(why->what), "%s", what);
	why->err = err;
	return -1;
}

static int same_text(const char *a, const char *b)
{
	for (; *a != '\0' && *a == *b; a++, b++)
		;
	return *a == *b;
}

static void copy_bytes(void *to, const void *from, size_t n)
{
	for (size_t i = 0; i < n; i++)
		((uint8_t *)to)[i] = ((const uint8_t *)from)[i];
}

static int has_rule(const struct rule *r, uint32_t nr)
{
	return (r->syscalls[nr / 8] >> (nr % 8)) & 1;
}

/*
 * One private anonymous mapping holds everything of a checked table but its counters: first the
 * per-process counts (whole pages: a forked child drops them with MADV_DONTNEED), then the
 * loaded_rules, the index, enabled[] and a copy of the checked bytes, so that rewriting the file
 * later cannot change or break the rules in force.  file is read_private()'s copy, never the file's
 * mapping.  The counters are the file's, mapped shared; nothing here reads them.  The index is
 * counted in place, not on the stack: the hook path may run on a small one (a signal stack).
 */
static int build(long fd, const uint8_t *file, const struct loaded_rules **out, struct table_refusal *why)
{
	const struct rule_table_header *h = (const struct rule_table_header *)file;
	uint32_t count = h->rule_count;
	size_t checked = RULES_FIRST_RULE_OFFSET + (size_t)RULES_RULE_SIZE * count + h->strings_size;
	const struct rule *file_rules = (const struct rule *)(file + RULES_FIRST_RULE_OFFSET);

	size_t entries = 0;
	int tracks_fd_paths = 0;
	for (uint32_t i = 0; i < count; i++) {
		for (uint32_t nr = 0; nr < RULES_MAX_SYSCALL; nr++)
			entries += has_rule(&file_rules[i], nr);
		tracks_fd_paths |= (file_rules[i].flags & RULE_FD_PATH) != 0;
	}

	size_t per_process = round_up((size_t)count * (RULES_MAX_SYSCALL + 1) * sizeof(uint64_t), PAGE);
	size_t at_state = per_process;
	size_t at_start = round_up(at_state + sizeof(struct loaded_rules), 64);
	size_t at_index = at_start + (RULES_MAX_SYSCALL + 1) * sizeof(uint32_t);
	size_t at_enabled = at_index + entries * sizeof(uint16_t);
	size_t at_copy = round_up(at_enabled + count, 64);
	size_t total = round_up(at_copy + checked, PAGE);

	long block = sysfault_raw_syscall(SYS_mmap, 0, (long)total, PROT_READ | PROT_WRITE,
	                                  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (failed(block))
		return refuse(why, 0, "cannot allocate memory for it");
	long counters = sysfault_raw_syscall(SYS_mmap, 0, (long)(16 * count), PROT_READ | PROT_WRITE, MAP_SHARED,
	                                     fd, (long)h->counters_offset);
	if (failed(counters)) {
		sysfault_raw_syscall(SYS_munmap, block, (long)total, 0, 0, 0, 0);
		return refuse(why, counters, "cannot map its counters shared and writable");
	}
	if (tracks_fd_paths && sysfault_fd_paths_init() < 0) {
		sysfault_raw_syscall(SYS_munmap, block, (long)total, 0, 0, 0, 0);
		sysfault_raw_syscall(SYS_munmap, counters, (long)(16 * count), 0, 0, 0, 0);
		return refuse(why, 0, "cannot allocate memory for the paths of file descriptors");
	}

	uint8_t *b = (uint8_t *)block;
	struct loaded_rules *s = (struct loaded_rules *)(b + at_state);
	uint32_t *start = (uint32_t *)(b + at_start);
	uint16_t *by_syscall = (uint16_t *)(b + at_index);
	uint8_t *enabled = b + at_enabled;
	uint8_t *copy = b + at_copy;
	copy_bytes(copy, file, checked);
	const struct rule *rules = (const struct rule *)(copy + RULES_FIRST_RULE_OFFSET);
	const char *strings = (const char *)copy + RULES_FIRST_RULE_OFFSET + (size_t)RULES_RULE_SIZE * count;

	/* Syscall by syscall, its rules in ascending order: start[nr] is where nr's begin. */
	uint32_t filled = 0;
	for (uint32_t nr = 0; nr < RULES_MAX_SYSCALL; nr++) {
		start[nr] = filled;
		for (uint32_t i = 0; i < count; i++)
			if (has_rule(&rules[i], nr))
				by_syscall[filled++] = (uint16_t)i;
	}
	start[RULES_MAX_SYSCALL] = filled;
	for (uint32_t i = 0; i < count; i++)
		enabled[i] = !(rules[i].flags & RULE_COMMAND) ||
		             (command != NULL && same_text(command, strings + rules[i].command));

	*s = (struct loaded_rules){
		.count = count,
		.rules = rules,
		.strings = strings,
		.strings_size = h->strings_size,
		.path_args = copy + RULES_PATH_ARGS_OFFSET,
		.count_arg = copy + RULES_COUNT_ARG_OFFSET,
		.counters = (struct rule_counters *)counters,
		.start = start,
		.by_syscall = by_syscall,
		.enabled = enabled,
		.calls = (uint64_t *)b,
		.fired = (uint64_t *)b + (size_t)count * RULES_MAX_SYSCALL,
		.per_process_size = per_process,
	};
	*out = s;
	return 0;
}

/*
 * The file's bytes into private anonymous memory (*copy, len bytes; munmap it): the checks and
 * build() read only this copy, so that a process rewriting the file meanwhile (it is shared, for
 * the counters) cannot make them see one table and use another.  0, or -1 with why set.
 */
static int read_private(long fd, size_t len, uint8_t **copy, struct table_refusal *why)
{
	long p = sysfault_raw_syscall(SYS_mmap, 0, (long)len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
	                              -1, 0);
	if (failed(p))
		return refuse(why, 0, "cannot allocate memory for it");
	for (size_t done = 0; done < len;) {
		long n = raw_pread(fd, (uint8_t *)p + done, len - done, (long)done);
		if (n == -EINTR)
			continue;
		if (n <= 0) {
			sysfault_raw_syscall(SYS_munmap, p, (long)len, 0, 0, 0, 0);
			return n < 0 ? refuse(why, n, "cannot read it")
			             : refuse(why, 0, "it became shorter while it was read; "
			                      "write a table to a new file and rename it into place");
		}
		done += (size_t)n;
	}
	*copy = (uint8_t *)p;
	return 0;
}

int rule_table_read_raw(const char *path, const struct loaded_rules **table, struct table_refusal *why)
{
	*table = NULL;
	why->what[0] = '\0';
	why->err = 0;
	/* Read-write: the counters are shared with every process and with Java. */
	long fd = raw_open(path, O_RDWR, 0);
	if (fd < 0)
		return refuse(why, fd, "cannot open it for reading and writing");
	struct stat st;
	long r = raw_fstat(fd, &st);
	static const uint8_t empty[1];
	uint8_t *copy = NULL;
	size_t len = r == 0 ? (size_t)st.st_size : 0;
	int result;
	if (r < 0)
		result = refuse(why, r, "cannot stat it");
	else if (!S_ISREG(st.st_mode))
		result = refuse(why, 0, "is not a regular file");
	else if (rule_table_check_size((uint64_t)st.st_size, why->what, sizeof(why->what)) != 0)
		result = -1;
	else if (len > 0 && read_private(fd, len, &copy, why) != 0)
		result = -1;
	else if (rule_table_check(len > 0 ? copy : empty, len, why->what, sizeof(why->what)) != 0)
		result = -1;
	else if (((const struct rule_table_header *)copy)->rule_count == 0)
		result = 0;   /* valid, and no rules */
	else
		result = build(fd, copy, table, why);
	if (copy != NULL)
		sysfault_raw_syscall(SYS_munmap, (long)copy, (long)len, 0, 0, 0, 0);
	raw_close(fd);
	return result;
}

void rule_table_publish(const struct loaded_rules *table)
{
	for (uint32_t i = 0; table != NULL && i < table->count; i++)
		if (table->rules[i].flags & RULE_BLACKHOLE)
			sysfault_blackhole_open_port();   /* before any call can take the rule */
	if (table != NULL)
		__atomic_store_n(&sysfault_rules_ever_used, 1, __ATOMIC_RELAXED);
	__atomic_store_n(&sysfault_rules_in_force, table, __ATOMIC_RELEASE);
}
