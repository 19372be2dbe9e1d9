/* The rule table's bytes, exactly as the project's docs/rule-table.md specifies them (format version 1). */
#ifndef SYSFAULT_RULE_FORMAT_H
#define SYSFAULT_RULE_FORMAT_H

#include <stdint.h>

#define RULES_MAGIC "SFRULES"          /* 7 characters and a NUL: 8 bytes */
#define RULES_VERSION 1
#define RULES_MAX_SYSCALL 512
#define RULES_MAX_RULES 4096
#define RULES_MAX_STRINGS (1u << 20)     /* string pool: 1 MiB */
#define RULES_MAX_FILE_SIZE (2u << 20)   /* whole file: 2 MiB, more than the largest valid table needs */
#define RULES_COUNTERS_ALIGN 4096
#define RULES_NO_COUNT_ARG 0xff
#define RULES_HEADER_SIZE 64u
#define RULES_RULE_SIZE 160u
#define RULES_COUNTERS_SIZE 16u          /* per rule */
#define RULES_FILE_ROUNDING 4096u        /* the file may be padded to a multiple of this */

/* The checksum: FNV-1a 64 over [0, end of the string pool), its own 8 bytes taken as zero. */
#define RULES_CHECKSUM_OFFSET 32u
#define RULES_FNV_BASIS 0xcbf29ce484222325ull
#define RULES_FNV_PRIME 0x100000001b3ull

struct rule_table_header {
	char magic[8];
	uint16_t version;
	uint16_t header_size;
	uint16_t rule_size;
	uint16_t reserved0;
	uint32_t rule_count;
	uint32_t strings_size;
	uint64_t counters_offset;
	uint64_t checksum;
	uint8_t reserved1[24];
};

enum rule_flag {
	RULE_FAIL = 1u << 0,
	RULE_RETVAL = 1u << 1,
	RULE_SHORTEN_TO = 1u << 2,
	RULE_SHORTEN_FRACTION = 1u << 3,
	RULE_SIGNAL = 1u << 4,
	RULE_DELAY_ENTER = 1u << 5,
	RULE_DELAY_EXIT = 1u << 6,
	RULE_PATH = 1u << 7,
	RULE_FD_PATH = 1u << 8,
	RULE_ARG = 1u << 9,
	RULE_COMMAND = 1u << 10,
	RULE_PROBABILITY = 1u << 11,
	RULE_BLACKHOLE = 1u << 12,     /* added within version 1: older libraries refuse it as unknown */
	RULE_PAUSE = 1u << 13,         /* added within version 1, as BLACKHOLE */
};
#define RULE_KNOWN_FLAGS 0x3fffu
#define RULE_RESULT_FLAGS (RULE_FAIL | RULE_RETVAL | RULE_SHORTEN_TO | RULE_SHORTEN_FRACTION | RULE_BLACKHOLE | RULE_PAUSE)
#define RULE_ACTION_FLAGS (RULE_RESULT_FLAGS | RULE_SIGNAL | RULE_DELAY_ENTER | RULE_DELAY_EXIT)

enum rule_arg_op { ARG_EQ, ARG_NE, ARG_ALL, ARG_ANY, ARG_NONE };

struct rule {
	uint8_t syscalls[RULES_MAX_SYSCALL / 8];
	uint32_t flags;
	uint32_t error;
	int64_t retval;
	uint64_t shorten;
	uint32_t signal;
	uint32_t delay_enter_us;
	uint32_t delay_exit_us;
	uint32_t when_first;
	uint32_t when_last;
	uint32_t when_step;
	uint32_t times;
	uint32_t probability;
	uint64_t seed;
	uint32_t path_glob;
	uint32_t fd_path_glob;
	uint32_t command;
	uint8_t arg_index;
	uint8_t arg_op;
	uint16_t reserved0;
	uint64_t arg_value;
	uint64_t reserved1;
};

/* Per rule, in the shared counters region. */
struct rule_counters {
	uint64_t matched;
	uint64_t fired;
};

#define RULES_PATH_ARGS_OFFSET RULES_HEADER_SIZE
#define RULES_COUNT_ARG_OFFSET (RULES_HEADER_SIZE + RULES_MAX_SYSCALL)
#define RULES_FIRST_RULE_OFFSET (RULES_HEADER_SIZE + 2 * RULES_MAX_SYSCALL)

_Static_assert(sizeof(struct rule_table_header) == RULES_HEADER_SIZE, "header is 64 bytes");
_Static_assert(sizeof(struct rule) == RULES_RULE_SIZE, "a rule is 160 bytes");
_Static_assert(__builtin_offsetof(struct rule, seed) == 120, "rule layout");
_Static_assert(__builtin_offsetof(struct rule, arg_value) == 144, "rule layout");
_Static_assert(sizeof(struct rule_counters) == RULES_COUNTERS_SIZE, "counters are 16 bytes");
_Static_assert(__builtin_offsetof(struct rule_table_header, checksum) == RULES_CHECKSUM_OFFSET, "header layout");

#endif
