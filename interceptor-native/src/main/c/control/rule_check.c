/* Every check of docs/rule-table.md on a table's bytes: pure, so the loader, rules_dump and the fuzz target share it. */
#include "rule_check.h"
#include "text_format.h"
#include "contracts/rule_format.h"
#include "hook/blackhole.h"

/*
 * The check reads the bytes through these (little-endian, no alignment needed) and uses no libc at
 * all: it also runs on the hook path (rules_follow.c), and the fuzz target runs exactly this code.
 */
static uint16_t rd16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t rd32(const uint8_t *p) { return rd16(p) | (uint32_t)rd16(p + 2) << 16; }
static uint64_t rd64(const uint8_t *p) { return rd32(p) | (uint64_t)rd32(p + 4) << 32; }

static int all_zero(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != 0)
			return 0;
	return 1;
}

static uint64_t fnv1a_step(uint64_t h, const uint8_t *p, uint64_t n)
{
	for (uint64_t i = 0; i < n; i++)
		h = (h ^ p[i]) * RULES_FNV_PRIME;
	return h;
}

/* FNV-1a 64 of bytes [0, end) with the checksum field taken as zero; end >= RULES_HEADER_SIZE. */
static uint64_t table_checksum(const uint8_t *b, uint64_t end)
{
	static const uint8_t zero[8];
	uint64_t h = fnv1a_step(RULES_FNV_BASIS, b, RULES_CHECKSUM_OFFSET);
	h = fnv1a_step(h, zero, 8);
	return fnv1a_step(h, b + RULES_CHECKSUM_OFFSET + 8, end - RULES_CHECKSUM_OFFSET - 8);
}

static const char *const flag_names[] = {
	"FAIL", "RETVAL", "SHORTEN_TO", "SHORTEN_FRACTION", "SIGNAL", "DELAY_ENTER", "DELAY_EXIT",
	"PATH", "FD_PATH", "ARG", "COMMAND", "PROBABILITY", "BLACKHOLE", "PAUSE",
};

/* The string at pool offset off must lie in the pool and end with a NUL inside it. */
static int check_string(const char *field, uint32_t off, const uint8_t *pool, uint32_t pool_size,
                        char *why, size_t whylen)
{
	if (off >= pool_size) {
		text_format(why, whylen, "%s is string offset %u, outside the %u-byte string pool",
		         field, off, pool_size);
		return -1;
	}
	for (uint32_t i = off; i < pool_size; i++)
		if (pool[i] == 0)
			return 0;
	text_format(why, whylen, "%s (string offset %u) has no NUL before the end of the %u-byte string pool",
	         field, off, pool_size);
	return -1;
}

/* One rule's checks, in the order of its fields; the problem goes to why. */
static int check_rule(const uint8_t *bytes, const uint8_t *rb, const uint8_t *pool, uint32_t pool_size,
                      char *why, size_t whylen)
{
	struct rule r;
	for (size_t i = 0; i < sizeof(r); i++)
		((uint8_t *)&r)[i] = rb[i];
	const uint8_t *path_args = bytes + RULES_PATH_ARGS_OFFSET;
	const uint8_t *count_arg = bytes + RULES_COUNT_ARG_OFFSET;

	if (all_zero(r.syscalls, sizeof(r.syscalls))) {
		text_format(why, whylen, "syscalls bitmap is empty; a rule applies to at least one syscall");
		return -1;
	}
	if (r.flags & ~RULE_KNOWN_FLAGS) {
		text_format(why, whylen, "flags 0x%x set unknown bits 0x%x; format version 1 knows 0x%x",
		         r.flags, r.flags & ~RULE_KNOWN_FLAGS, RULE_KNOWN_FLAGS);
		return -1;
	}
	uint32_t results = r.flags & RULE_RESULT_FLAGS;
	if (results & (results - 1)) {
		int first = __builtin_ctz(results);
		int second = __builtin_ctz(results & (results - 1));
		text_format(why, whylen, "%s and %s both set; a rule has at most one result action",
		         flag_names[first], flag_names[second]);
		return -1;
	}
	if ((r.flags & RULE_ACTION_FLAGS) == 0) {
		text_format(why, whylen, "no action set; a rule needs FAIL, RETVAL, SHORTEN_TO, "
		         "SHORTEN_FRACTION, BLACKHOLE, PAUSE, SIGNAL, DELAY_ENTER or DELAY_EXIT");
		return -1;
	}
	if ((r.flags & RULE_FAIL) && (r.error < 1 || r.error > 4095)) {
		text_format(why, whylen, "error is %u; FAIL takes an errno 1..4095", r.error);
		return -1;
	}
	/* A fraction above one would let a read or write run past the caller's buffer. */
	if ((r.flags & RULE_SHORTEN_FRACTION) && r.shorten > (1ull << 32)) {
		text_format(why, whylen, "shorten is %llu; SHORTEN_FRACTION takes a fraction x 2^32, "
		         "at most 4294967296 (the whole count)", (unsigned long long)r.shorten);
		return -1;
	}
	if ((r.flags & RULE_SIGNAL) && (r.signal < 1 || r.signal > 64)) {
		text_format(why, whylen, "signal is %u; SIGNAL takes a signal number 1..64", r.signal);
		return -1;
	}
	if (r.when_first < 1) {
		text_format(why, whylen, "when_first is 0; calls are counted from 1");
		return -1;
	}
	if (r.when_last != 0 && r.when_last < r.when_first) {
		text_format(why, whylen, "when_last %u is before when_first %u; when_last is 0 (no end) "
		         "or at least when_first", r.when_last, r.when_first);
		return -1;
	}
	if (r.when_step < 1) {
		text_format(why, whylen, "when_step is 0; the step is at least 1");
		return -1;
	}
	if ((r.flags & RULE_PATH) && check_string("path_glob", r.path_glob, pool, pool_size, why, whylen))
		return -1;
	if ((r.flags & RULE_FD_PATH) &&
	    check_string("fd_path_glob", r.fd_path_glob, pool, pool_size, why, whylen))
		return -1;
	if ((r.flags & RULE_COMMAND) && check_string("command", r.command, pool, pool_size, why, whylen))
		return -1;
	if ((r.flags & RULE_ARG) && r.arg_index > 5) {
		text_format(why, whylen, "arg_index is %u; ARG takes an argument index 0..5", r.arg_index);
		return -1;
	}
	if ((r.flags & RULE_ARG) && r.arg_op > ARG_NONE) {
		text_format(why, whylen, "arg_op is %u; ARG takes 0 (eq), 1 (ne), 2 (all), 3 (any) or 4 (none)",
		         r.arg_op);
		return -1;
	}
	if (r.reserved0 != 0 || r.reserved1 != 0) {
		text_format(why, whylen, "reserved field at rule offset %u is not 0", r.reserved0 != 0 ? 142u : 152u);
		return -1;
	}
	for (uint32_t nr = 0; nr < RULES_MAX_SYSCALL; nr++) {
		if (!(r.syscalls[nr / 8] & (1u << (nr % 8))))
			continue;
		if ((r.flags & RULE_PATH) && path_args[nr] == 0) {
			text_format(why, whylen, "PATH set but syscall %u has no path argument (its path_args is 0)", nr);
			return -1;
		}
		if ((r.flags & (RULE_SHORTEN_TO | RULE_SHORTEN_FRACTION)) && count_arg[nr] == RULES_NO_COUNT_ARG) {
			text_format(why, whylen, "%s set but syscall %u has no byte count to shorten (its count_arg is 0xff)",
			         (r.flags & RULE_SHORTEN_TO) ? "SHORTEN_TO" : "SHORTEN_FRACTION", nr);
			return -1;
		}
		if ((r.flags & RULE_BLACKHOLE) && !blackhole_knows(nr)) {
			text_format(why, whylen, "BLACKHOLE set but syscall %u is none of connect, read, readv, recvfrom, "
			         "recvmsg, poll, ppoll, select, pselect6, epoll_wait, epoll_pwait, epoll_pwait2", nr);
			return -1;
		}
	}
	return 0;
}

#define REFUSE(...) do { text_format(msg, msglen, __VA_ARGS__); return -1; } while (0)

int rule_table_check_size(uint64_t len, char *msg, size_t msglen)
{
	if (len > RULES_MAX_FILE_SIZE)
		REFUSE("file is %llu bytes; a rule table is at most %u bytes (2 MiB: %u rules and a %u-byte string pool)",
		       (unsigned long long)len, RULES_MAX_FILE_SIZE, RULES_MAX_RULES, RULES_MAX_STRINGS);
	return 0;
}

int rule_table_check(const uint8_t *b, size_t len, char *msg, size_t msglen)
{
	if (rule_table_check_size(len, msg, msglen) != 0)
		return -1;
	if (len < RULES_HEADER_SIZE)
		REFUSE("file is %zu bytes, shorter than the 64-byte header", len);
	static const char magic[8] = RULES_MAGIC;
	for (int i = 0; i < 8; i++)
		if (b[i] != (uint8_t)magic[i])
			REFUSE("header (offset 0): magic is not \"SFRULES\" and a zero byte; not a sysfault rule table");
	if (rd16(b + 8) != RULES_VERSION)
		REFUSE("header (offset 8): version is %u; this library reads version %u", rd16(b + 8), RULES_VERSION);
	if (rd16(b + 10) != RULES_HEADER_SIZE)
		REFUSE("header (offset 10): header_size is %u, not %u", rd16(b + 10), RULES_HEADER_SIZE);
	if (rd16(b + 12) != RULES_RULE_SIZE)
		REFUSE("header (offset 12): rule_size is %u, not %u", rd16(b + 12), RULES_RULE_SIZE);
	if (rd16(b + 14) != 0)
		REFUSE("header (offset 14): reserved field is %u, not 0", rd16(b + 14));
	uint32_t count = rd32(b + 16);
	if (count > RULES_MAX_RULES)
		REFUSE("header (offset 16): rule_count is %u; a table holds at most %u rules", count, RULES_MAX_RULES);
	uint32_t strings_size = rd32(b + 20);
	if (strings_size > RULES_MAX_STRINGS)
		REFUSE("header (offset 20): strings_size is %u; a table's string pool holds at most %u bytes (1 MiB)",
		       strings_size, RULES_MAX_STRINGS);
	uint64_t counters = rd64(b + 24);
	uint64_t pool_start = RULES_FIRST_RULE_OFFSET + (uint64_t)RULES_RULE_SIZE * count;
	uint64_t pool_end = pool_start + strings_size;   /* < 2^33: no overflow */
	if (counters % RULES_COUNTERS_ALIGN != 0)
		REFUSE("header (offset 24): counters_offset %llu is not a multiple of %u",
		       (unsigned long long)counters, RULES_COUNTERS_ALIGN);
	if (counters < pool_end)
		REFUSE("header (offset 24): counters_offset %llu overlaps the rules and string pool, which end at %llu",
		       (unsigned long long)counters, (unsigned long long)pool_end);
	if (!all_zero(b + 40, 24))
		REFUSE("header (offset 40): reserved bytes are not 0");

	uint64_t counters_size = (uint64_t)RULES_COUNTERS_SIZE * count;
	if (counters > (uint64_t)len || counters_size > (uint64_t)len - counters) {
		if (counters > UINT64_MAX - counters_size)
			REFUSE("file is %zu bytes; its header puts the counters at %llu, beyond any file",
			       len, (unsigned long long)counters);
		REFUSE("file is %zu bytes, shorter than its header says: counters_offset %llu + 16 x %u rules = %llu",
		       len, (unsigned long long)counters, count, (unsigned long long)(counters + counters_size));
	}
	uint64_t exact = counters + counters_size;   /* <= len */
	if ((uint64_t)len != exact) {
		uint64_t pad = RULES_FILE_ROUNDING - 1;
		uint64_t rounded = exact <= UINT64_MAX - pad ? (exact + pad) & ~pad : exact;
		if ((uint64_t)len != rounded)
			REFUSE("file is %zu bytes, not a whole number of parts: its header says %llu "
			       "(or %llu, rounded up to %u)", len, (unsigned long long)exact, (unsigned long long)rounded,
			       RULES_FILE_ROUNDING);
	}
	uint64_t sum = table_checksum(b, pool_end);
	if (sum != rd64(b + RULES_CHECKSUM_OFFSET))
		REFUSE("header (offset %u): checksum is 0x%016llx but bytes [0, %llu) hash to 0x%016llx; "
		       "the table was changed after it was written", RULES_CHECKSUM_OFFSET,
		       (unsigned long long)rd64(b + RULES_CHECKSUM_OFFSET),
		       (unsigned long long)pool_end, (unsigned long long)sum);

	for (uint32_t nr = 0; nr < RULES_MAX_SYSCALL; nr++) {
		uint8_t p = b[RULES_PATH_ARGS_OFFSET + nr], c = b[RULES_COUNT_ARG_OFFSET + nr];
		if (p & 0xc0)
			REFUSE("path_args (offset %u): syscall %u has bits 0x%02x; arguments are bits 0..5",
			       RULES_PATH_ARGS_OFFSET + nr, nr, p);
		if (c > 5 && c != RULES_NO_COUNT_ARG)
			REFUSE("count_arg (offset %u): syscall %u names argument %u; an argument index is 0..5, or 0xff for none",
			       RULES_COUNT_ARG_OFFSET + nr, nr, c);
	}
	for (uint32_t i = 0; i < count; i++) {
		char why[240];
		uint64_t off = RULES_FIRST_RULE_OFFSET + (uint64_t)RULES_RULE_SIZE * i;
		if (check_rule(b, b + off, b + pool_start, strings_size, why, sizeof(why)))
			REFUSE("rule %u (offset %llu): %s", i, (unsigned long long)off, why);
	}
	return 0;
}
