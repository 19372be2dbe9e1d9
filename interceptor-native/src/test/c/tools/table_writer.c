/* Writing rule tables (docs/rule-table.md) from C, for the fuzz seeds and the benchmark's tables. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "table_writer.h"

uint32_t add_string(struct table *t, const char *s)
{
	uint32_t off = t->pool_size;
	memcpy(t->pool + off, s, strlen(s) + 1);
	t->pool_size += (uint32_t)strlen(s) + 1;
	return off;
}

struct rule *add_rule(struct table *t, const int *syscalls, size_t n, uint32_t flags)
{
	struct rule *r = &t->rules[t->count++];
	memset(r, 0, sizeof(*r));
	for (size_t i = 0; i < n; i++)
		r->syscalls[syscalls[i] / 8] |= (uint8_t)(1u << (syscalls[i] % 8));
	r->flags = flags;
	r->when_first = 1;
	r->when_step = 1;
	return r;
}

void write_table(struct table *t, const char *dir, const char *name)
{
	uint8_t *b = t->bytes;
	if (RULES_FIRST_RULE_OFFSET + sizeof(struct rule) * t->count + t->pool_size + 2 * RULES_COUNTERS_ALIGN > MAX_TABLE) {
		fprintf(stderr, "table_writer: %s: too big for this writer\n", name);
		exit(1);
	}
	memset(b, 0, MAX_TABLE);
	struct rule_table_header h = { .magic = RULES_MAGIC, .version = RULES_VERSION, .header_size = RULES_HEADER_SIZE,
	                               .rule_size = RULES_RULE_SIZE, .rule_count = t->count, .strings_size = t->pool_size };
	size_t pool_end = RULES_FIRST_RULE_OFFSET + sizeof(struct rule) * t->count + t->pool_size;
	h.counters_offset = (pool_end + RULES_COUNTERS_ALIGN - 1) / RULES_COUNTERS_ALIGN * RULES_COUNTERS_ALIGN;
	/* path_args and count_arg for the few syscalls used here (x86-64 numbers). */
	memset(b + RULES_COUNT_ARG_OFFSET, RULES_NO_COUNT_ARG, RULES_MAX_SYSCALL);
	b[RULES_PATH_ARGS_OFFSET + 2] = 1 << 0;          /* open */
	b[RULES_PATH_ARGS_OFFSET + 257] = 1 << 1;        /* openat */
	b[RULES_PATH_ARGS_OFFSET + 316] = 1 << 1 | 1 << 3; /* renameat2 */
	for (int nr = 0; nr < 2; nr++)
		b[RULES_COUNT_ARG_OFFSET + nr] = 2;           /* read, write */
	memcpy(b + RULES_FIRST_RULE_OFFSET, t->rules, sizeof(struct rule) * t->count);
	memcpy(b + pool_end - t->pool_size, t->pool, t->pool_size);
	memcpy(b, &h, sizeof(h));   /* checksum still 0: FNV-1a 64 over [0, pool_end) */
	uint64_t sum = RULES_FNV_BASIS;
	for (size_t i = 0; i < pool_end; i++)
		sum = (sum ^ b[i]) * RULES_FNV_PRIME;
	memcpy(b + RULES_CHECKSUM_OFFSET, &sum, sizeof(sum));

	char path[4096];
	snprintf(path, sizeof(path), "%s/%s.rules", dir, name);
	FILE *f = fopen(path, "wb");
	size_t len = h.counters_offset + 16 * t->count;
	if (f == NULL || fwrite(b, 1, len, f) != len || fclose(f) != 0) {
		perror(path);
		exit(1);
	}
}
