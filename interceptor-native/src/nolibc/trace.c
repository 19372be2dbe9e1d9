/* Recording calls into the shared trace (docs/trace-format.md): lock-free, no libc, no allocation. */
#include <sys/syscall.h>
#include "own_ids.h"
#include "syscall_paths.h"
#include "trace.h"
#include "user_memory.h"

struct trace_state sysfault_trace;

static uint64_t
monotonic_ns(void)
{
	struct timespec ts = { 0, 0 };
	if (sysfault_trace.clock != NULL)
		sysfault_trace.clock(CLOCK_MONOTONIC, &ts);
	else
		sysfault_raw_syscall(SYS_clock_gettime, CLOCK_MONOTONIC, (long)&ts, 0, 0, 0, 0);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static inline uint64_t
tsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

/*
 * CLOCK_MONOTONIC costs ~28 ns even through the vDSO, more than the rest of
 * an event.  When the kernel's own clock source is the TSC, each thread reads
 * the clock at most every ~20 ms and interpolates in between with the TSC,
 * at the rate it measured between its last two readings.
 */
#define REANCHOR_CYCLES (1ull << 26)

static __thread __attribute__((tls_model("initial-exec"))) struct {
	uint64_t tsc, ns, ns_per_cycle_q32;
} anchor;

static uint64_t
now_ns(void)
{
	if (!sysfault_trace.tsc_is_clock)
		return monotonic_ns();
	uint64_t t = tsc(), since = t - anchor.tsc;
	if (anchor.tsc == 0 || since > REANCHOR_CYCLES) {
		uint64_t ns = monotonic_ns();
		t = tsc();
		/* the rate from the last interval, when it is short enough for 64-bit arithmetic (< 4 s) */
		if (anchor.tsc != 0 && t > anchor.tsc && ns > anchor.ns && ns - anchor.ns < (1ull << 32))
			anchor.ns_per_cycle_q32 = ((ns - anchor.ns) << 32) / (t - anchor.tsc);
		anchor.tsc = t;
		anchor.ns = ns;
		return ns;
	}
	if (anchor.ns_per_cycle_q32 == 0)
		return monotonic_ns();
	return anchor.ns + (uint64_t)(((unsigned __int128)since * anchor.ns_per_cycle_q32) >> 32);
}

static void
record_path(struct trace_event *e, const struct syscall_frame *f)
{
	long nr = f->nr;
	uint8_t which = nr >= 0 && nr < SYSCALL_PATHS_COUNT ? syscall_path_args[nr] : 0;
	for (int i = 0; i < 6; i++) {
		if (!(which & (1u << i)))
			continue;
		e->path_arg = (uint8_t)i;
		long len = sysfault_read_user_string((const void *)f->args[i], e->path, TRACE_PATH_MAX);
		if (len >= 0) {
			e->flags |= EVENT_PATH;
			e->path_len = (uint16_t)len;
			for (long j = len; j < TRACE_PATH_MAX; j++)
				e->path[j] = '\0';   /* nothing of the program's memory past the string */
		} else if (len == USER_STRING_TOO_LONG) {
			e->flags |= EVENT_PATH | EVENT_PATH_TRUNCATED;
			e->path_len = TRACE_PATH_MAX;
		} else {
			e->flags |= EVENT_PATH_UNREADABLE;
			e->path[0] = '\0';
		}
		return;
	}
}

/*
 * Marks the slot as being written for event s, if it holds an older complete
 * event (or none).  Fails when another writer is in it or a newer event is
 * already there: a writer the ring has lapped must not write over it.
 */
static int
claim_slot(struct trace_event *e, uint64_t s)
{
	uint64_t old = __atomic_load_n(&e->commit, __ATOMIC_RELAXED);
	for (;;) {
		if ((old & TRACE_COMMIT_WRITING) || old >= s + 1)
			return 0;
		if (__atomic_compare_exchange_n(&e->commit, &old, TRACE_COMMIT_WRITING | s, 0,
		                                __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
			return 1;
	}
}

void
sysfault_trace_record(const struct syscall_frame *f, long result, uint32_t flags, int rule)
{
	struct trace_header *h = sysfault_trace.header;
	uint64_t s = __atomic_fetch_add(&h->next, 1, __ATOMIC_RELAXED);
	if ((sysfault_trace.flags & TRACE_STOP_WHEN_FULL) && s > sysfault_trace.mask) {
		__atomic_fetch_add(&h->dropped, 1, __ATOMIC_RELAXED);
		return;
	}
	struct trace_event *e = &sysfault_trace.events[s & sysfault_trace.mask];
	/* the ring is larger than the caches: warm up the slot a few events ahead */
	struct trace_event *ahead = &sysfault_trace.events[(s + 4) & sysfault_trace.mask];
	__builtin_prefetch(ahead, 1, 3);
	__builtin_prefetch((const char *)ahead + 64, 1, 3);
	if (!claim_slot(e, s))
		return;   /* a reader counts it: overwritten, or never completed */
	e->time_ns = now_ns();
	e->pid = (uint32_t)sysfault_own_pid();
	e->tid = (uint32_t)sysfault_own_tid();
	e->nr = (uint32_t)f->nr;
	e->flags = flags;
	for (int i = 0; i < 6; i++)
		e->args[i] = f->args[i];
	e->result = result;
	e->rule = rule;
	e->path_len = 0;
	e->path_arg = 0;
	e->reserved = 0;
	e->path[0] = '\0';
	record_path(e, f);
	__atomic_store_n(&e->commit, s + 1, __ATOMIC_RELEASE);
}
