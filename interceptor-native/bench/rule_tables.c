/*
 * rule_tables DIR: writes the rule tables the benchmark measures, following docs/rule-table.md:
 *   rules-1.rules, rules-16.rules, rules-256.rules  tables of that many rules, none of them for
 *                                                    getppid (they never fire: when_first is huge)
 *   getppid-errno.rules                              one rule: every getppid fails with EPERM
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include "../src/rule_format.h"

/* Syscalls the getppid loop never makes, for rules that must not match it. */
static const int other_syscalls[] = {
	SYS_openat, SYS_read, SYS_write, SYS_close, SYS_fstat, SYS_lseek, SYS_mmap, SYS_munmap,
	SYS_connect, SYS_accept, SYS_sendto, SYS_recvfrom, SYS_fsync, SYS_unlink, SYS_rename, SYS_mkdir,
};

static uint64_t
fnv1a(const uint8_t *p, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 0x100000001b3ULL;
	return h;
}

static void
write_table(const char *dir, const char *name, const struct rule *rules, uint32_t count)
{
	size_t body = RULES_FIRST_RULE_OFFSET + (size_t)count * sizeof(struct rule);
	size_t counters = (body + RULES_COUNTERS_ALIGN - 1) / RULES_COUNTERS_ALIGN * RULES_COUNTERS_ALIGN;
	size_t total = counters + (size_t)count * sizeof(struct rule_counters);
	uint8_t *file = calloc(1, total);
	struct rule_table_header h = { .version = RULES_VERSION, .header_size = 64, .rule_size = 160,
	                               .rule_count = count, .strings_size = 0, .counters_offset = counters };
	memcpy(h.magic, RULES_MAGIC, 8);
	memcpy(file, &h, sizeof(h));
	memset(file + RULES_COUNT_ARG_OFFSET, RULES_NO_COUNT_ARG, RULES_MAX_SYSCALL);
	memcpy(file + RULES_FIRST_RULE_OFFSET, rules, (size_t)count * sizeof(struct rule));
	h.checksum = fnv1a(file, body);
	memcpy(file, &h, sizeof(h));

	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	if (f == NULL || fwrite(file, 1, total, f) != total || fclose(f) != 0) {
		perror(path);
		exit(1);
	}
	free(file);
}

static struct rule
never_firing(int nr)
{
	struct rule r = { .flags = RULE_FAIL, .error = 5, .when_first = 0xffffffffu, .when_step = 1 };
	r.syscalls[nr / 8] |= (uint8_t)(1u << (nr % 8));
	return r;
}

int
main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: rule_tables DIR\n");
		return 2;
	}
	static struct rule rules[256];
	for (uint32_t n = 1; n <= 256; n *= 16) {
		for (uint32_t i = 0; i < n; i++)
			rules[i] = never_firing(other_syscalls[i % (sizeof(other_syscalls) / sizeof(other_syscalls[0]))]);
		char name[32];
		snprintf(name, sizeof(name), "rules-%u.rules", n);
		write_table(argv[1], name, rules, n);
	}
	struct rule eperm = { .flags = RULE_FAIL, .error = 1, .when_first = 1, .when_step = 1 };
	eperm.syscalls[SYS_getppid / 8] |= (uint8_t)(1u << (SYS_getppid % 8));
	write_table(argv[1], "getppid-errno.rules", &eperm, 1);
	return 0;
}
