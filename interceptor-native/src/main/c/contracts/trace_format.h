/* The syscall trace's bytes, exactly as the project's docs/trace-format.md specifies them (format version 2). */
#ifndef SYSFAULT_TRACE_FORMAT_H
#define SYSFAULT_TRACE_FORMAT_H

#include <stdint.h>

#define TRACE_MAGIC "SFTRACE"          /* 7 characters and a NUL: 8 bytes */
#define TRACE_VERSION 2
#define TRACE_HEADER_SIZE 4096
#define TRACE_EVENT_SIZE 256
#define TRACE_MIN_CAPACITY 16u
#define TRACE_MAX_CAPACITY (1u << 24)
#define TRACE_DEFAULT_CAPACITY 65536u
#define TRACE_PATH_MAX 148
#define TRACE_BLOCK_EVENTS 16u          /* event numbers a writer takes at once */
#define TRACE_EPOCH_COUNTERS 256u
#define TRACE_RECORD_SET_SYSCALLS 512u   /* record_set: one bit per syscall number below this */
#define TRACE_COMMIT_WRITING (1ull << 63)   /* commit while a writer fills the slot: | event number */

enum trace_flag {
	TRACE_STOP_WHEN_FULL = 1u << 0,
	TRACE_RECORD_MATCHED_ONLY = 1u << 1,
	TRACE_RECORD_SET = 1u << 2,
};

enum trace_event_flag {
	EVENT_INJECTED = 1u << 0,
	EVENT_NO_RETURN = 1u << 1,
	EVENT_PATH = 1u << 2,
	EVENT_PATH_TRUNCATED = 1u << 3,
	EVENT_PATH_UNREADABLE = 1u << 4,
	EVENT_FD_PATH = 1u << 5,           /* path holds the path of descriptor argument path_arg (not with PATH) */
};

struct trace_header {
	char magic[8];
	uint16_t version;
	uint16_t header_size;
	uint16_t event_size;
	uint16_t flags;
	uint32_t capacity;
	uint32_t ready;
	uint64_t next;
	uint64_t dropped;
	uint64_t created_ns;
	uint64_t overwritten;
	uint32_t block_events;
	uint32_t reserved0;
	uint8_t record_set[TRACE_RECORD_SET_SYSCALLS / 8];
	uint32_t paused;                   /* non-zero: no process records (with epoch, a cache line away from next) */
	uint32_t epoch;                    /* raised by a reader that starts a view from now */
	uint8_t reserved1[2048 - 136];
	uint64_t overwritten_by_epoch[TRACE_EPOCH_COUNTERS];
};

struct trace_event {
	uint64_t commit;
	uint64_t time_ns;
	uint32_t pid;
	uint32_t tid;
	uint32_t nr;
	uint32_t flags;
	int64_t args[6];
	int64_t result;
	int32_t rule;
	uint16_t path_len;
	uint8_t path_arg;
	uint8_t reserved;
	uint64_t order;                    /* one clock for all threads and processes: TSC or ns */
	uint32_t epoch;
	char path[TRACE_PATH_MAX];
};

_Static_assert(sizeof(struct trace_header) == TRACE_HEADER_SIZE, "trace header is one page");
_Static_assert(sizeof(struct trace_event) == TRACE_EVENT_SIZE, "an event is 256 bytes");
_Static_assert(__builtin_offsetof(struct trace_event, result) == 80, "event layout");
_Static_assert(__builtin_offsetof(struct trace_event, order) == 96, "event layout");
_Static_assert(__builtin_offsetof(struct trace_event, path) == 108, "event layout");
_Static_assert(__builtin_offsetof(struct trace_header, record_set) == 64, "header layout");
_Static_assert(__builtin_offsetof(struct trace_header, paused) == 128, "header layout");
_Static_assert(__builtin_offsetof(struct trace_header, epoch) == 132, "header layout");
_Static_assert(__builtin_offsetof(struct trace_header, overwritten) == 48, "header layout");
_Static_assert(__builtin_offsetof(struct trace_header, overwritten_by_epoch) == 2048, "header layout");

#endif
