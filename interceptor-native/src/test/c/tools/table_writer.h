/* Writing rule tables (docs/rule-table.md) from C, for the fuzz seeds and the benchmark's tables. */
#ifndef SYSFAULT_TABLE_WRITER_H
#define SYSFAULT_TABLE_WRITER_H

#include <stddef.h>
#include <stdint.h>
#include "contracts/rule_format.h"

#define MAX_TABLE (1 << 16)
#define TABLE_WRITER_MAX_RULES 256

struct table {
	uint8_t bytes[MAX_TABLE];
	struct rule rules[TABLE_WRITER_MAX_RULES];
	uint32_t count;
	char pool[256];
	uint32_t pool_size;
};

/* Adds a string to the pool; returns its offset. */
uint32_t add_string(struct table *t, const char *s);

/* Appends a rule for the given syscalls with when=1..inf+1 and the given flags. */
struct rule *add_rule(struct table *t, const int *syscalls, size_t n, uint32_t flags);

/* Writes DIR/NAME.rules: header, facts for open/openat/renameat2/read/write, rules, pool, counters. */
void write_table(struct table *t, const char *dir, const char *name);

#endif
