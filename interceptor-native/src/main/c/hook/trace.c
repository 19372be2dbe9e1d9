/* Recording calls into the shared trace (docs/trace-format.md): lock-free, no libc, no allocation. */
#include <sys/syscall.h>
#include "fd_paths.h"
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

/* CLOCK_MONOTONIC now, and in *order the format's order key: the TSC where it is the clock, else the ns. */
static uint64_t
now(uint64_t *order)
{
	if (!sysfault_trace.tsc_is_clock)
		return *order = monotonic_ns();
	uint64_t t = tsc(), since = t - anchor.tsc;
	*order = t;
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

/*
 * The path of the descriptor the call acts on, as fd_paths.c knows it (read once per descriptor
 * from /proc/self/fd), after the call: a descriptor the call closed has none.  Only while
 * descriptors are tracked (trace_setup turns that on): otherwise each call would pay a readlink.
 */
static void
record_fd_path(struct trace_event *e, const struct syscall_frame *f, uint8_t fd_arg)
{
	char scratch[FD_PATH_SCRATCH];
	const char *path;
	if (!sysfault_fd_paths_on())
		return;
	long len = sysfault_fd_path(f->args[fd_arg], scratch, &path);
	if (len < 0)
		return;
	e->path_arg = fd_arg;
	e->flags |= EVENT_FD_PATH;
	if (len > TRACE_PATH_MAX) {
		e->flags |= EVENT_PATH_TRUNCATED;
		len = TRACE_PATH_MAX;
	}
	e->path_len = (uint16_t)len;
	for (long j = 0; j < len; j++)
		e->path[j] = path[j];
	if (len < TRACE_PATH_MAX)
		e->path[len] = '\0';   /* the rest is the slot's earlier bytes: the trace's own, nothing of the program's */
}

static void
record_path(struct trace_event *e, const struct syscall_frame *f)
{
	long nr = f->nr;
	uint8_t which = nr >= 0 && nr < SYSCALL_PATHS_COUNT ? syscall_path_args[nr] : 0;
	if (which == 0) {
		uint8_t fd_arg = nr >= 0 && nr < SYSCALL_PATHS_COUNT ? syscall_fd_arg[nr] : 0;
		if (fd_arg != 0)
			record_fd_path(e, f, (uint8_t)(fd_arg - 1));
		return;
	}
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
 * This thread's part of the trace: the block of event numbers it uses (the
 * format's "Writing", step 1) and the overwritten events it has not yet
 * added to the header (step 4).  pid 0 means no block.
 */
static __thread __attribute__((tls_model("initial-exec"))) struct {
	uint64_t block, following;          /* following: the block after this one, or NO_BLOCK */
	uint32_t used;
	int32_t pid;
	uint64_t block_order;               /* order of the block's first event */
	uint64_t last_order;
	uint32_t overwritten_epoch, overwritten;
} writer;

#define NO_BLOCK UINT64_MAX

static void
add_overwritten(struct trace_header *h)
{
	if (writer.overwritten == 0)
		return;
	__atomic_fetch_add(&h->overwritten, writer.overwritten, __ATOMIC_RELAXED);
	/* a counter is reused 256 epochs on: not while a view of this epoch may still read it */
	if (__atomic_load_n(&h->epoch, __ATOMIC_RELAXED) - writer.overwritten_epoch < TRACE_EPOCH_COUNTERS - 1)
		__atomic_fetch_add(&h->overwritten_by_epoch[writer.overwritten_epoch % TRACE_EPOCH_COUNTERS],
		                   writer.overwritten, __ATOMIC_RELAXED);
	writer.overwritten = 0;
}

static void
count_overwritten(struct trace_header *h, uint32_t epoch)
{
	if (writer.overwritten != 0 && writer.overwritten_epoch != epoch)
		add_overwritten(h);
	writer.overwritten_epoch = epoch;
	writer.overwritten++;
}

/*
 * Far enough behind next that its slots are about to be reused: an idle
 * thread leaves such a block.  Only a block taken a while ago (~1 ms) is
 * checked, so that a busy thread does not read next on every call: other
 * threads write it.
 */
#define OLD_BLOCK_ORDER (1ull << 20)

static int
block_is_old(const struct trace_header *h, uint64_t order)
{
	if ((sysfault_trace.flags & TRACE_STOP_WHEN_FULL) || order - writer.block_order < OLD_BLOCK_ORDER)
		return 0;
	/* next is at least 2 blocks on, by this thread's own following block: a third is another thread's */
	uint64_t behind = __atomic_load_n(&h->next, __ATOMIC_RELAXED) - writer.block;
	uint64_t half = (sysfault_trace.mask + 1) / 2;
	return behind >= (half > 3 * TRACE_BLOCK_EVENTS ? half : 3 * TRACE_BLOCK_EVENTS);
}

static void
warm_up(uint64_t s)
{
	struct trace_event *e = &sysfault_trace.events[s & sysfault_trace.mask];
	__builtin_prefetch(e, 1, 3);
	__builtin_prefetch((const char *)e + 64, 1, 3);
}

#define WARM_AHEAD 4u

static uint64_t
take_block(struct trace_header *h)
{
	return __atomic_fetch_add(&h->next, TRACE_BLOCK_EVENTS, __ATOMIC_RELAXED);
}

/*
 * The next event number of this thread.  The block after this one is taken a
 * few events early, so that its slots, like every slot, are in the cache
 * before they are written: the ring is larger than the caches.
 */
static uint64_t
take_number(struct trace_header *h, uint64_t order)
{
	int32_t pid = (int32_t)sysfault_own_pid();
	int fresh = writer.pid != pid || block_is_old(h, order);
	if (fresh || writer.used >= TRACE_BLOCK_EVENTS) {
		add_overwritten(h);
		/* no following block also when a signal handler's call came in between: it takes numbers here too */
		writer.block = !fresh && writer.following != NO_BLOCK ? writer.following : take_block(h);
		writer.following = NO_BLOCK;
		writer.used = 0;
		writer.pid = pid;
		writer.block_order = order;
		if (fresh)   /* a following block's first slots were warmed as the previous block's last */
			for (uint64_t i = 1; i < WARM_AHEAD; i++)
				warm_up(writer.block + i);
	}
	uint32_t ahead = writer.used + WARM_AHEAD;
	if (ahead < TRACE_BLOCK_EVENTS) {
		warm_up(writer.block + ahead);
	} else {
		if (writer.following == NO_BLOCK)
			writer.following = take_block(h);
		warm_up(writer.following + ahead - TRACE_BLOCK_EVENTS);
	}
	return writer.block + writer.used++;
}

void
sysfault_trace_leaving(void)
{
	add_overwritten(sysfault_trace.header);
}

void
sysfault_trace_new_process(void)
{
	writer.pid = 0;
	writer.overwritten = 0;   /* the parent's to add */
}

/*
 * Marks the slot as being written for event s, if it holds an older complete
 * event (or none), and says which (*old).  Fails when another writer is in it
 * or a newer event is already there: a writer the ring has lapped must not
 * write over it.
 */
static int
claim_slot(struct trace_event *e, uint64_t s, uint64_t *old)
{
	*old = __atomic_load_n(&e->commit, __ATOMIC_RELAXED);
	for (;;) {
		if ((*old & TRACE_COMMIT_WRITING) || *old >= s + 1)
			return 0;
		if (__atomic_compare_exchange_n(&e->commit, old, TRACE_COMMIT_WRITING | s, 0,
		                                __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
			return 1;
	}
}

void
sysfault_trace_record(const struct syscall_frame *f, long result, uint32_t flags, int rule)
{
	struct trace_header *h = sysfault_trace.header;
	uint64_t order, time_ns = now(&order), old;
	if (order <= writer.last_order)
		order = writer.last_order + 1;   /* a thread's events never go back */
	writer.last_order = order;
	uint64_t s = take_number(h, order);
	if ((sysfault_trace.flags & TRACE_STOP_WHEN_FULL) && s > sysfault_trace.mask) {
		__atomic_fetch_add(&h->dropped, 1, __ATOMIC_RELAXED);
		return;
	}
	struct trace_event *e = &sysfault_trace.events[s & sysfault_trace.mask];
	if (!claim_slot(e, s, &old)) {
		__atomic_fetch_add(&h->dropped, 1, __ATOMIC_RELAXED);
		return;
	}
	if (old != 0)
		count_overwritten(h, e->epoch);
	e->epoch = __atomic_load_n(&h->epoch, __ATOMIC_RELAXED);
	e->time_ns = time_ns;
	e->order = order;
	e->pid = (uint32_t)writer.pid;   /* take_number's: this process */
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
	if (flags & EVENT_NO_RETURN)
		add_overwritten(h);   /* what this event overwrote: the thread may end with this call */
}
