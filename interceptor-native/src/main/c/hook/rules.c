/* The rule engine on the hook path: which rule takes a call, whether it fires, and what it does.
 * docs/rule-table.md is the specification; nothing here allocates, locks or calls libc. */
#include <signal.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include "blackhole.h"
#include "call_kinds.h"
#include "fd_paths.h"
#include "glob.h"
#include "pause.h"
#include "rules.h"
#include "rules_state.h"
#include "run_call.h"
#include "user_memory.h"

#define PATH_BUF 1024   /* longer path arguments never match a PATH rule */

const struct loaded_rules *sysfault_rules_in_force;
int sysfault_rules_ever_used;
static const uint64_t no_control_file;
const uint64_t *sysfault_control_generation = &no_control_file;
uint64_t sysfault_rules_generation;
int sysfault_rules_following;
void (*sysfault_rules_follow)(uint64_t generation);

static int
arg_matches(const struct rule *r, const struct syscall_frame *f)
{
	uint64_t a = (uint64_t)f->args[r->arg_index], v = r->arg_value;
	switch (r->arg_op) {
	case ARG_EQ:   return a == v;
	case ARG_NE:   return a != v;
	case ARG_ALL:  return (a & v) == v;
	case ARG_ANY:  return (a & v) != 0;
	case ARG_NONE: return (a & v) == 0;
	default:       return 0;
	}
}

static int
path_matches(const struct loaded_rules *t, const struct rule *r, const struct syscall_frame *f)
{
	char buf[PATH_BUF];
	uint8_t which = t->path_args[f->nr];
	for (int i = 0; i < 6; i++) {
		if (!(which & (1u << i)))
			continue;
		long len = sysfault_read_user_string((const void *)f->args[i], buf, sizeof(buf));
		if (len >= 0 && sysfault_glob_match(t->strings + r->path_glob, buf, (size_t)len))
			return 1;
	}
	return 0;
}

static int
fd_path_matches(const struct loaded_rules *t, const struct rule *r, const struct syscall_frame *f)
{
	char scratch[FD_PATH_SCRATCH];
	const char *path;
	long len = sysfault_fd_path(f->args[0], scratch, &path);
	return len >= 0 && sysfault_glob_match(t->strings + r->fd_path_glob, path, (size_t)len);
}

static int
matches(const struct loaded_rules *t, const struct rule *r, uint32_t index, const struct syscall_frame *f)
{
	if (!t->enabled[index])
		return 0;
	if ((r->flags & RULE_ARG) && !arg_matches(r, f))
		return 0;
	if ((r->flags & RULE_FD_PATH) && !fd_path_matches(t, r, f))
		return 0;
	if ((r->flags & RULE_PATH) && !path_matches(t, r, f))
		return 0;
	return 1;
}

static uint64_t
splitmix64(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

static uint64_t
shortened(const struct rule *r, uint64_t count)
{
	if (r->flags & RULE_SHORTEN_TO)
		return count < r->shorten ? count : r->shorten;
	/* rounded to the nearest byte: 0.2 is stored as a hair under 0.2 */
	uint64_t n = (uint64_t)(((unsigned __int128)count * r->shorten + (1u << 31)) >> 32);
	return n == 0 && count > 0 ? 1 : n;
}

/*
 * Would firing change the call?  Only a rule whose one action is shorten can leave a call as it
 * was (a 3-byte write under short=1000); such a call is not injected, so it must not count as
 * fired, use up times=, or be flagged in the trace.
 */
static int
changes_call(const struct loaded_rules *t, const struct rule *r, const struct syscall_frame *f)
{
	if ((r->flags & RULE_ACTION_FLAGS) & ~(uint32_t)(RULE_SHORTEN_TO | RULE_SHORTEN_FRACTION))
		return 1;
	uint8_t i = t->count_arg[f->nr];
	if (i >= 6 || runs_in_trampoline(f->nr))
		return 0;
	return shortened(r, (uint64_t)f->args[i]) < (uint64_t)f->args[i];
}

/* Does call number n (1-based, per syscall) fire? strace's when=, then times= and probability=. */
static int
fires(const struct loaded_rules *t, const struct rule *r, uint32_t index, uint64_t n, const struct syscall_frame *f)
{
	if (n < r->when_first || (r->when_last != 0 && n > r->when_last))
		return 0;
	if (r->when_step > 1 && (n - r->when_first) % r->when_step != 0)
		return 0;
	if ((r->flags & RULE_PROBABILITY) &&
	    splitmix64(r->seed + n) >= ((uint64_t)r->probability << 32))
		return 0;
	if (!changes_call(t, r, f))
		return 0;
	if (r->times != 0 && __atomic_fetch_add(&t->fired[index], 1, __ATOMIC_RELAXED) >= r->times)
		return 0;
	return 1;
}

int
sysfault_rules_pick(const struct loaded_rules *t, const struct syscall_frame *f, int *fire)
{
	uint32_t from = t->start[f->nr], to = t->start[f->nr + 1];
	*fire = 0;
	for (uint32_t i = from; i < to; i++) {
		uint32_t index = t->by_syscall[i];
		const struct rule *r = &t->rules[index];
		if (!matches(t, r, index, f))
			continue;
		__atomic_fetch_add(&t->counters[index].matched, 1, __ATOMIC_RELAXED);
		uint64_t n = __atomic_add_fetch(&t->calls[(size_t)index * RULES_MAX_SYSCALL + (size_t)f->nr], 1,
		                                __ATOMIC_RELAXED);
		if (fires(t, r, index, n, f)) {
			__atomic_fetch_add(&t->counters[index].fired, 1, __ATOMIC_RELAXED);
			*fire = 1;
		}
		return (int)index;
	}
	return -1;
}

static void
sleep_us(uint32_t us)
{
	struct timespec left = { (time_t)(us / 1000000u), (long)(us % 1000000u) * 1000L };
	while (sysfault_raw_syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, (long)&left, (long)&left, 0, 0) == -4)
		;   /* EINTR: a handler ran; sleep the rest */
}

static void
raise_in_this_thread(uint32_t signal)
{
	long pid = sysfault_raw_syscall(SYS_getpid, 0, 0, 0, 0, 0, 0);
	long tid = sysfault_raw_syscall(SYS_gettid, 0, 0, 0, 0, 0, 0);
	sysfault_raw_syscall(SYS_tgkill, pid, tid, signal, 0, 0, 0);
}

struct rule_outcome
sysfault_rules_act(const struct loaded_rules *t, int index, struct syscall_frame *f)
{
	const struct rule *r = &t->rules[index];
	long result;

	if (r->flags & RULE_DELAY_ENTER)
		sleep_us(r->delay_enter_us);
	if (r->flags & RULE_PAUSE)
		sysfault_pause_call(f);   /* then the call runs as it would have */
	if (r->flags & RULE_FAIL) {
		if (runs_before_failing(f->nr, r->error))
			(void)sysfault_run_call(f);
		result = -(long)r->error;
	} else if (r->flags & RULE_RETVAL) {
		result = (long)r->retval;
	} else if (r->flags & RULE_BLACKHOLE) {
		result = sysfault_blackhole(f);
	} else if (runs_in_trampoline(f->nr)) {
		return (struct rule_outcome){ 0, RULE_RUN_CALL };
	} else if (r->flags & (RULE_SHORTEN_TO | RULE_SHORTEN_FRACTION)) {
		struct syscall_frame shorter = { .nr = f->nr };
		for (int a = 0; a < 6; a++)
			shorter.args[a] = f->args[a];
		uint8_t i = t->count_arg[f->nr];
		if (i < 6)
			shorter.args[i] = (long)shortened(r, (uint64_t)f->args[i]);
		result = sysfault_run_call(&shorter);
	} else {
		result = sysfault_run_call(f);
	}
	if (r->flags & RULE_DELAY_EXIT)
		sleep_us(r->delay_exit_us);
	if (r->flags & RULE_SIGNAL)
		raise_in_this_thread(r->signal);
	return (struct rule_outcome){ result, RULE_ANSWERED };
}

void
sysfault_rules_new_process(void)
{
	/* A thread of the parent that was loading a table is not in this process to finish it. */
	__atomic_store_n(&sysfault_rules_following, 0, __ATOMIC_RELAXED);
	const struct loaded_rules *t = sysfault_rules_now();
	if (t == NULL)
		return;
	/* calls[] and fired[] are one private anonymous mapping: dropping its pages zeroes them */
	sysfault_raw_syscall(SYS_madvise, (long)t->calls, (long)t->per_process_size, MADV_DONTNEED, 0, 0, 0);
}
