/* Objects that dlopen loads after start-up: plans their caught sites as start-up does, and forgets them before dlclose unmaps them.
 *
 * Runs in the thread that called dlopen or dlclose (patcher/dlopen_watch.c), in normal context:
 * libc and capstone are allowed, as at start-up.  The SIGSYS handler reads what this writes
 * (hook/sud_loaded_later.h) without a lock: an object's sites and entry are written first, then
 * published by one release store of the count; nothing published is moved or freed.
 *
 * Each call compares the objects loaded now with those seen last time (dl_iterate_phdr's
 * counters say when nothing changed).  A dlclose first holds every waiting site of the later
 * objects (SITE_HELD) and waits until no rewrite is under way, so that no rewrite can touch an
 * object while it is unmapped, nor later at its addresses; after the real dlclose, the objects
 * that are gone are marked so, and the sites of those still there wait again.
 */
#include <link.h>
#include <sched.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "loaded_later.h"
#include "cache_dir.h"
#include "caught_sites.h"
#include "loaded_libs.h"
#include "raw_io/raw_io.h"
#include "raw_io/report.h"
#include "hook/exempt_thread.h"
#include "hook/sud_loaded_later.h"

static int watching, debug_lines;

/* The objects loaded at start-up, by load address: never unloaded, never planned here. */
static uint64_t at_start[MAX_PATCHED_LIBS * 2];
static size_t nat_start;
static unsigned long long seen_adds, seen_subs;   /* dl_iterate_phdr's counters at the last look */
static size_t later_sites_used;
/*
 * Objects planned with no site listed (none rewritable, or no room left): kept here, not
 * published, so that they are not planned again, nor take one of the handler's entries (a program
 * that loads and unloads such a plugin in a loop would fill them).  Only the planner reads this.
 */
static struct later_object unlisted[MAX_PATCHED_LIBS];
static size_t nunlisted;
static int closing;   /* dlcloses under way: held sites stay held until the last one ends */

/*
 * Who plans now: (pid << 32 | tid), 0 when nobody.  A thread that holds it may come back
 * (a constructor that dlopen runs calls dlopen), so it is counted, not waited for.  In a fork
 * child, a holder of the parent's is a thread that does not exist here: the child takes over
 * (what it half-planned was never published, so the child just plans it again).
 */
static uint64_t holder;
static int depth;

static uint64_t
this_thread(void)
{
	uint64_t pid = (uint64_t)sysfault_raw_syscall(SYS_getpid, 0, 0, 0, 0, 0, 0);
	return pid << 32 | (uint32_t)sysfault_raw_syscall(SYS_gettid, 0, 0, 0, 0, 0, 0);
}

static void
take(void)
{
	uint64_t self = this_thread();
	for (;;) {
		uint64_t h = 0;
		if (__atomic_compare_exchange_n(&holder, &h, self, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
			depth = 1;
			return;
		}
		if (h == self) {
			depth++;
			return;
		}
		if (h >> 32 != self >> 32 &&
		    __atomic_compare_exchange_n(&holder, &h, self, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
			depth = 1;
			closing = 0;   /* the parent's dlclose does not run here */
			return;
		}
		sched_yield();
	}
}

static void
give_back(void)
{
	if (--depth == 0)
		__atomic_store_n(&holder, 0, __ATOMIC_RELEASE);
}

struct loaded_now {
	uint64_t base[MAX_PATCHED_LIBS * 2];
	size_t n;
	unsigned long long adds, subs;
};

static int
note_object(struct dl_phdr_info *info, size_t size, void *data)
{
	struct loaded_now *now = data;
	if (size >= offsetof(struct dl_phdr_info, dlpi_subs) + sizeof(info->dlpi_subs)) {
		now->adds = info->dlpi_adds;
		now->subs = info->dlpi_subs;
	}
	if (now->n < sizeof(now->base) / sizeof(now->base[0]))
		now->base[now->n++] = info->dlpi_addr;
	return 0;
}

static int
listed_in(uint64_t base, const uint64_t *bases, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (bases[i] == base)
			return 1;
	return 0;
}

/*
 * o is lib: the same file at the same address.  Another object mapped where o was unloaded is
 * not (its build-id or text differs); o's own file loaded again there is, and o's plan fits it.
 */
static int
same_object(const struct later_object *o, const struct loaded_lib *lib)
{
	return o->base == lib->load_addr && o->text_lo == lib->load_addr + lib->text_start &&
	       o->text_hi == o->text_lo + lib->text_len && strncmp(o->name, lib->name, sizeof(o->name)) == 0 &&
	       o->build_id_len == lib->build_id_len && memcmp(o->build_id, lib->build_id, o->build_id_len) == 0;
}

static int
planned(const struct loaded_lib *lib)
{
	size_t n = __atomic_load_n(&sysfault_later_object_count, __ATOMIC_ACQUIRE);
	for (size_t i = 0; i < n; i++)
		if (!sysfault_later_objects[i].gone && same_object(&sysfault_later_objects[i], lib))
			return 1;
	for (size_t i = 0; i < nunlisted; i++)
		if (same_object(&unlisted[i], lib))
			return 1;
	return 0;
}

/* Every site of the later objects still loaded that is in state from goes to state to. */
static void
move_sites(uint8_t from, uint8_t to)
{
	size_t n = __atomic_load_n(&sysfault_later_object_count, __ATOMIC_ACQUIRE);
	for (size_t i = 0; i < n; i++) {
		struct later_object *o = &sysfault_later_objects[i];
		if (o->gone)
			continue;
		for (size_t k = o->first; k < o->first + o->count; k++) {
			uint8_t expected = from;
			__atomic_compare_exchange_n(&sysfault_later_sites[k].state, &expected, to, 0, __ATOMIC_SEQ_CST,
			                            __ATOMIC_RELAXED);
		}
	}
}

/* The object just loaded: its sites into the next free part of the later table, then published. */
static void
plan(const struct loaded_lib *lib, long cache_dir)
{
	size_t n = sysfault_later_object_count;
	/* Written in the next entry, which no handler reads until the count covers it. */
	struct later_object *o = &sysfault_later_objects[n < LATER_OBJECTS_MAX ? n : LATER_OBJECTS_MAX - 1];
	struct later_object mine = { .base = lib->load_addr, .build_id_len = lib->build_id_len };
	memcpy(mine.name, lib->name, sizeof(mine.name));
	memcpy(mine.build_id, lib->build_id, sizeof(mine.build_id));
	mine.text_lo = lib->load_addr + lib->text_start;
	mine.text_hi = mine.text_lo + lib->text_len;
	mine.first = later_sites_used;
	if (n < LATER_OBJECTS_MAX && later_sites_used < LATER_SITES_MAX) {
		*o = mine;
		o->count = caught_sites_list(lib, o->name, cache_dir, &sysfault_later_sites[o->first],
		                             LATER_SITES_MAX - o->first, debug_lines);
		mine.count = o->count;
	} else if (debug_lines) {
		report("sysfault: %s: loaded after start-up, but the table of later objects is full: "
		       "its syscalls are caught one by one", lib->name);
	}
	if (mine.count == 0) {
		if (nunlisted < sizeof(unlisted) / sizeof(unlisted[0]))
			unlisted[nunlisted++] = mine;
		return;
	}
	later_sites_used += o->count;
	__atomic_store_n(&sysfault_later_object_count, n + 1, __ATOMIC_RELEASE);
}

/* Brings the table level with the objects loaded now: gone ones forgotten, new ones planned. */
static void
catch_up(void)
{
	static struct loaded_now now;
	static struct loaded_lib found[MAX_PATCHED_LIBS];
	memset(&now, 0, sizeof(now));
	dl_iterate_phdr(note_object, &now);
	if (now.adds == seen_adds && now.subs == seen_subs && now.adds != 0)
		return;
	size_t nfound = find_patchable_libs(found, 1, 0);
	size_t n = __atomic_load_n(&sysfault_later_object_count, __ATOMIC_ACQUIRE);
	for (size_t i = 0; i < n; i++) {
		struct later_object *o = &sysfault_later_objects[i];
		int there = 0;
		for (size_t k = 0; k < nfound && !there; k++)
			there = same_object(o, &found[k]);
		if (!o->gone && !there) {
			/* Its sites first: a handler that found it a moment ago reads the state again under `rewriting`. */
			for (size_t k = o->first; k < o->first + o->count; k++)
				__atomic_store_n(&sysfault_later_sites[k].state, SITE_LEFT, __ATOMIC_SEQ_CST);
			__atomic_store_n(&o->gone, 1, __ATOMIC_RELEASE);
		}
	}
	for (size_t i = 0; i < nunlisted;) {
		int there = 0;
		for (size_t k = 0; k < nfound && !there; k++)
			there = same_object(&unlisted[i], &found[k]);
		if (there)
			i++;
		else
			unlisted[i] = unlisted[--nunlisted];
	}
	long cache_dir = -1;
	for (size_t i = 0; i < nfound; i++) {
		if (listed_in(found[i].load_addr, at_start, nat_start) || planned(&found[i]))
			continue;
		if (cache_dir < 0)
			cache_dir = cache_dir_open(0);
		plan(&found[i], cache_dir);
	}
	if (cache_dir >= 0)
		raw_close(cache_dir);
	seen_adds = now.adds;
	seen_subs = now.subs;
}

void
loaded_later_start(int debug)
{
	static struct loaded_now now;
	debug_lines = debug;
	dl_iterate_phdr(note_object, &now);
	memcpy(at_start, now.base, now.n * sizeof(now.base[0]));
	nat_start = now.n;
	seen_adds = now.adds;
	seen_subs = now.subs;
	__atomic_store_n(&watching, 1, __ATOMIC_RELEASE);
}

/* Our own calls meet no rule and are not traced: they are not the program's. */
#define AS_SYSFAULT(body)                                          \
	do {                                                       \
		int was_exempt = sysfault_thread_exempt;           \
		sysfault_thread_exempt = 1;                        \
		take();                                            \
		body;                                              \
		give_back();                                       \
		sysfault_thread_exempt = was_exempt;               \
	} while (0)

void
loaded_later_opened(void)
{
	if (!__atomic_load_n(&watching, __ATOMIC_ACQUIRE))
		return;
	AS_SYSFAULT({
		catch_up();
		if (closing == 0)
			move_sites(SITE_HELD, SITE_WAITING);
	});
}

void
loaded_later_closing(void)
{
	if (!__atomic_load_n(&watching, __ATOMIC_ACQUIRE))
		return;
	AS_SYSFAULT({
		closing++;
		move_sites(SITE_WAITING, SITE_HELD);
	});
	/* A rewrite that read its site's state before it was held finishes before anything is unmapped. */
	sysfault_sud_rewrite_settle();
}

void
loaded_later_closed(void)
{
	if (!__atomic_load_n(&watching, __ATOMIC_ACQUIRE))
		return;
	AS_SYSFAULT({
		if (closing > 0)
			closing--;
		catch_up();
		if (closing == 0)
			move_sites(SITE_HELD, SITE_WAITING);
	});
}
