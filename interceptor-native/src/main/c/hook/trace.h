/* Recording calls into the shared trace (docs/trace-format.md): lock-free, no libc, no allocation. */
#ifndef SYSFAULT_TRACE_H
#define SYSFAULT_TRACE_H

#include <stdint.h>
#include <time.h>
#include "frame.h"
#include "contracts/trace_format.h"

struct trace_state {
	struct trace_header *header;        /* NULL: not recording */
	struct trace_event *events;
	uint32_t mask;                      /* capacity - 1 */
	uint16_t flags;
	int (*clock)(clockid_t, struct timespec *);   /* the vDSO's clock_gettime, or NULL */
	int tsc_is_clock;                   /* the kernel's clock source is the TSC: interpolate */
	uint32_t buffer_bytes;              /* the header's, checked: bytes of a buffer an event keeps */
};

extern struct trace_state sysfault_trace __attribute__((visibility("hidden")));

/* Should this call be recorded?  matched: a rule took it.  Not while the file says paused: any
 * process may set that at any time, so it is read on every call (relaxed: a call already past
 * this check still records). */
static inline int
sysfault_trace_wants(long nr, int matched)
{
	const struct trace_state *t = &sysfault_trace;
	if (t->header == NULL || __atomic_load_n(&t->header->paused, __ATOMIC_RELAXED) != 0)
		return 0;
	if (t->flags & TRACE_RECORD_MATCHED_ONLY)
		return matched;
	if (t->flags & TRACE_RECORD_SET)
		return nr >= 0 && nr < TRACE_RECORD_SET_SYSCALLS && (t->header->record_set[nr / 8] >> (nr % 8)) & 1;
	return 1;
}

/* Not an event flag: the call ran in the kernel right here, so its buffer is readable (see record_buffer). */
#define TRACE_RAN_HERE (1u << 31)

/* Records a call with its result; flags are EVENT_* (PATH and BUFFER ones are added here) and TRACE_RAN_HERE;
 * rule is -1 or the rule's index. */
void sysfault_trace_record(const struct syscall_frame *f, long result, uint32_t flags, int rule);

/* Before a close this thread will record: the descriptor's path, which is gone once it has run. */
void sysfault_trace_closing(const struct syscall_frame *f);

/* Before a call that may not return (exit, exit_group, execve): what the thread counted goes into the header. */
void sysfault_trace_leaving(void);

/* In a child with a copy of its parent's memory (fork): the parent's block of numbers and counts are not its own. */
void sysfault_trace_new_process(void);

#endif
