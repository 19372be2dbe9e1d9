/* make_seeds DIR: writes a few valid rule tables (docs/rule-table.md) to DIR as fuzzing seeds when no golden tables exist. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../src/rule_format.h"

#define MAX_TABLE (1 << 16)

struct table {
	uint8_t bytes[MAX_TABLE];
	struct rule rules[4];
	uint32_t count;
	char pool[256];
	uint32_t pool_size;
};

static uint32_t add_string(struct table *t, const char *s)
{
	uint32_t off = t->pool_size;
	memcpy(t->pool + off, s, strlen(s) + 1);
	t->pool_size += (uint32_t)strlen(s) + 1;
	return off;
}

static struct rule *add_rule(struct table *t, const int *syscalls, size_t n, uint32_t flags)
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

static void write_table(struct table *t, const char *dir, const char *name)
{
	uint8_t *b = t->bytes;
	memset(b, 0, MAX_TABLE);
	struct rule_table_header h = { .magic = RULES_MAGIC, .version = RULES_VERSION, .header_size = 64,
	                               .rule_size = 160, .rule_count = t->count, .strings_size = t->pool_size };
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
	uint64_t sum = 0xcbf29ce484222325ull;
	for (size_t i = 0; i < pool_end; i++)
		sum = (sum ^ b[i]) * 0x100000001b3ull;
	memcpy(b + 32, &sum, sizeof(sum));

	char path[4096];
	snprintf(path, sizeof(path), "%s/%s.rules", dir, name);
	FILE *f = fopen(path, "wb");
	size_t len = h.counters_offset + 16 * t->count;
	if (f == NULL || fwrite(b, 1, len, f) != len || fclose(f) != 0) {
		perror(path);
		exit(1);
	}
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: make_seeds DIR\n");
		return 2;
	}
	static struct table t;

	write_table(&t, argv[1], "empty");

	static const int getdents64[] = { 217 }, rw[] = { 0, 1 }, opens[] = { 2, 257, 316 };
	add_rule(&t, getdents64, 1, RULE_FAIL)->error = 95;
	struct rule *r = add_rule(&t, rw, 2, RULE_SHORTEN_FRACTION | RULE_FD_PATH);
	r->shorten = 1ull << 31;
	r->fd_path_glob = add_string(&t, "/data/wal/**");
	r->when_first = 3, r->when_last = 5, r->times = 2;
	write_table(&t, argv[1], "two_rules");

	r = add_rule(&t, opens, 3, RULE_RETVAL | RULE_PATH | RULE_ARG | RULE_COMMAND | RULE_PROBABILITY |
	                           RULE_SIGNAL | RULE_DELAY_ENTER | RULE_DELAY_EXIT);
	r->retval = -1, r->signal = 10, r->delay_enter_us = 100, r->delay_exit_us = 7;
	r->path_glob = add_string(&t, "/tmp/\"q\"\\*.log");
	r->command = add_string(&t, "java");
	r->arg_index = 2, r->arg_op = ARG_ANY, r->arg_value = 0x241;
	r->probability = 1u << 30, r->seed = 42, r->when_step = 2;
	write_table(&t, argv[1], "every_field");
	return 0;
}
