/* Start-up side of the trace: opens or creates SYSFAULT_TRACE (docs/trace-format.md) and hands it to the hook path. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "raw_io/raw_io.h"
#include "raw_io/report.h"
#include "trace_setup.h"
#include "vdso.h"
#include "hook/fd_paths.h"
#include "hook/trace.h"

#define WAIT_FOR_CREATOR_MS 1000

static uint32_t
capacity_from_env(void)
{
	const char *v = getenv("SYSFAULT_TRACE_EVENTS");
	unsigned long want = v != NULL ? strtoul(v, NULL, 10) : TRACE_DEFAULT_CAPACITY;
	uint32_t c = TRACE_MIN_CAPACITY;
	while (c < want && c < TRACE_MAX_CAPACITY)
		c <<= 1;
	return c;
}

static uint16_t
flags_from_env(void)
{
	const char *full = getenv("SYSFAULT_TRACE_FULL"), *record = getenv("SYSFAULT_TRACE_RECORD");
	uint16_t flags = 0;
	if (full != NULL && strcmp(full, "stop") == 0)
		flags |= TRACE_STOP_WHEN_FULL;
	if (record != NULL && strcmp(record, "matched") == 0)
		flags |= TRACE_RECORD_MATCHED_ONLY;
	return flags;
}

/* SYSFAULT_TRACE_PAUSED: a file this library creates starts paused (non-empty and not "0"). */
static uint32_t
paused_from_env(void)
{
	const char *v = getenv("SYSFAULT_TRACE_PAUSED");
	return v != NULL && v[0] != '\0' && strcmp(v, "0") != 0;
}

static uint64_t
monotonic_ns(void)
{
	struct timespec ts;
	sysfault_raw_syscall(SYS_clock_gettime, CLOCK_MONOTONIC, (long)&ts, 0, 0, 0, 0);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void *
map_shared(long fd, size_t len)
{
	long p = sysfault_raw_syscall(SYS_mmap, 0, (long)len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	return p < 0 && p > -4096 ? NULL : (void *)p;
}

/* Makes the file as docs/trace-format.md says a library does when Java did not; *checked gets its header's shape. */
static struct trace_header *
create(long fd, const char *path, struct trace_header *checked)
{
	uint32_t capacity = capacity_from_env();
	size_t len = TRACE_HEADER_SIZE + (size_t)capacity * TRACE_EVENT_SIZE;
	if (sysfault_raw_syscall(SYS_ftruncate, fd, (long)len, 0, 0, 0, 0) != 0) {
		report("sysfault: trace %s: cannot size it to %zu bytes; not recording", path, len);
		return NULL;
	}
	struct trace_header *h = map_shared(fd, len);
	if (h == NULL) {
		report("sysfault: trace %s: cannot map it; not recording", path);
		return NULL;
	}
	memcpy(h->magic, TRACE_MAGIC, 8);
	h->version = TRACE_VERSION;
	h->header_size = TRACE_HEADER_SIZE;
	h->event_size = TRACE_EVENT_SIZE;
	h->flags = flags_from_env();
	h->capacity = capacity;
	h->block_events = TRACE_BLOCK_EVENTS;
	h->created_ns = monotonic_ns();
	h->paused = paused_from_env();
	checked->capacity = capacity;
	checked->flags = h->flags;
	__atomic_store_n(&h->ready, 1, __ATOMIC_RELEASE);
	return h;
}

/* The messages below name the format's numbers in words; these keep them true. */
_Static_assert(TRACE_VERSION == 2 && TRACE_HEADER_SIZE == 4096 && TRACE_EVENT_SIZE == 256 &&
               TRACE_BLOCK_EVENTS == 16 && TRACE_MIN_CAPACITY == 16 && TRACE_MAX_CAPACITY == 1u << 24,
               "header_problem's messages name these values");

static const char *
header_problem(const struct trace_header *h, uint64_t file_size)
{
	if (memcmp(h->magic, TRACE_MAGIC, 8) != 0)
		return "it is not a sysfault trace (wrong magic)";
	if (h->version != TRACE_VERSION)
		return "its format version is not 2 (made by another version of sysfault?)";
	if (h->header_size != TRACE_HEADER_SIZE || h->event_size != TRACE_EVENT_SIZE)
		return "its header or event size is not 4096 / 256";
	if (h->block_events != TRACE_BLOCK_EVENTS)
		return "its block_events is not 16";
	if (h->capacity < TRACE_MIN_CAPACITY || h->capacity > TRACE_MAX_CAPACITY ||
	    (h->capacity & (h->capacity - 1)) != 0)
		return "its capacity is not a power of two from 16 to 2^24";
	if (file_size != TRACE_HEADER_SIZE + (uint64_t)h->capacity * TRACE_EVENT_SIZE)
		return "its length does not match its capacity";
	return NULL;
}

/*
 * Opens a file another process or Java made: waits for its header, checks a private copy of it
 * (into *checked: the file is shared, and a field read again later could say something else),
 * maps it all.
 */
static struct trace_header *
open_existing(long fd, const char *path, struct trace_header *checked)
{
	struct stat st;
	struct trace_header *h = NULL;
	for (int waited = 0;; waited++) {
		if (raw_fstat(fd, &st) == 0 && (uint64_t)st.st_size >= TRACE_HEADER_SIZE) {
			h = map_shared(fd, TRACE_HEADER_SIZE);
			if (h != NULL && __atomic_load_n(&h->ready, __ATOMIC_ACQUIRE) == 1)
				break;
			if (h != NULL)
				sysfault_raw_syscall(SYS_munmap, (long)h, TRACE_HEADER_SIZE, 0, 0, 0, 0);
		}
		if (waited == WAIT_FOR_CREATOR_MS) {
			report("sysfault: trace %s: its header was not ready after %d ms; not recording", path,
			       WAIT_FOR_CREATOR_MS);
			return NULL;
		}
		struct timespec ms = { 0, 1000000 };
		sysfault_raw_syscall(SYS_nanosleep, (long)&ms, 0, 0, 0, 0, 0);
	}
	memcpy(checked, h, sizeof(*checked));
	const char *problem = header_problem(checked, (uint64_t)st.st_size);
	size_t len = (size_t)st.st_size;
	sysfault_raw_syscall(SYS_munmap, (long)h, TRACE_HEADER_SIZE, 0, 0, 0, 0);
	if (problem != NULL) {
		report("sysfault: trace %s: %s; not recording", path, problem);
		return NULL;
	}
	return map_shared(fd, len);
}

/* The TSC may stand in for CLOCK_MONOTONIC between readings only when the kernel itself uses it. */
static int
clock_source_is_tsc(void)
{
	char buf[16] = "";
	long fd = raw_open("/sys/devices/system/clocksource/clocksource0/current_clocksource", O_RDONLY, 0);
	if (fd < 0)
		return 0;
	long n = raw_pread(fd, buf, sizeof(buf) - 1, 0);
	raw_close(fd);
	return n >= 3 && memcmp(buf, "tsc", 3) == 0 && (n == 3 || buf[3] == '\n');
}

void
trace_setup(void)
{
	const char *path = getenv("SYSFAULT_TRACE");
	if (path == NULL || path[0] == '\0')
		return;
	struct trace_header *h = NULL;
	static struct trace_header checked;   /* a page: not on the stack */
	char shown[REPORT_PATH_MAX];
	const char *name = report_path(path, shown);   /* for messages */
	long fd = raw_open(path, O_RDWR | O_CREAT | O_EXCL, 0600);
	if (fd >= 0) {
		h = create(fd, name, &checked);
	} else if (fd == -EEXIST && (fd = raw_open(path, O_RDWR, 0)) >= 0) {
		h = open_existing(fd, name, &checked);
	} else {
		report("sysfault: trace %s: cannot open it (errno %ld); not recording", name, -fd);
		return;
	}
	raw_close(fd);
	if (h == NULL)
		return;
	sysfault_trace.clock = (int (*)(clockid_t, struct timespec *))vdso_symbol("__vdso_clock_gettime");
	sysfault_trace.tsc_is_clock = sysfault_trace.clock != NULL && clock_source_is_tsc();
	sysfault_trace.events = (struct trace_event *)((uint8_t *)h + TRACE_HEADER_SIZE);
	/* From the checked copy: the hook path indexes the mapping with mask. */
	sysfault_trace.mask = checked.capacity - 1;
	sysfault_trace.flags = checked.flags;
	/* events of descriptor calls carry the descriptor's path: follow descriptors from the start */
	if (sysfault_fd_paths_init() < 0)
		report("sysfault: trace %s: no memory to follow descriptors; events carry no descriptor paths", name);
	__atomic_store_n(&sysfault_trace.header, h, __ATOMIC_RELEASE);
}
