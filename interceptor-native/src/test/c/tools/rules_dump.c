/* rules_dump FILE: prints a rule table as docs/rule-table.md's "Text dump", or "invalid: <why>" (exit 1). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "contracts/rule_format.h"
#include "control/rule_check.h"

static const char *const arg_ops[] = { "eq", "ne", "all", "any", "none" };

static uint8_t *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		perror(path);
		exit(2);
	}
	size_t cap = 1 << 16, n = 0;
	uint8_t *buf = malloc(cap);
	for (size_t got; buf != NULL && (got = fread(buf + n, 1, cap - n, f)) > 0;) {
		n += got;
		if (n == cap)
			buf = realloc(buf, cap *= 2);
	}
	if (buf == NULL || ferror(f)) {
		fprintf(stderr, "%s: cannot read it\n", path);
		exit(2);
	}
	fclose(f);
	*len = n;
	return buf;
}

/* A pool string in quotes, with " and \ escaped; the check has made sure it ends inside the pool. */
static void print_string(const char *key, const char *pool, uint32_t off)
{
	printf(" %s=\"", key);
	for (const char *c = pool + off; *c; c++) {
		if (*c == '"' || *c == '\\')
			putchar('\\');
		putchar(*c);
	}
	putchar('"');
}

static void print_rule(uint32_t index, const struct rule *r, const char *pool)
{
	printf("rule %" PRIu32 ":", index);
	const char *sep = " syscalls=";
	for (unsigned nr = 0; nr < RULES_MAX_SYSCALL; nr++) {
		if (r->syscalls[nr / 8] & (1u << (nr % 8))) {
			printf("%s%u", sep, nr);
			sep = ",";
		}
	}
	uint32_t f = r->flags;
	if (f & RULE_FAIL)
		printf(" fail=%" PRIu32, r->error);
	if (f & RULE_RETVAL)
		printf(" retval=%" PRId64, r->retval);
	if (f & RULE_SHORTEN_TO)
		printf(" shorten_to=%" PRIu64, r->shorten);
	if (f & RULE_SHORTEN_FRACTION)
		printf(" shorten_fraction=%" PRIu64, r->shorten);
	if (f & RULE_BLACKHOLE)
		printf(" blackhole");
	if (f & RULE_PAUSE)
		printf(" pause");
	if (f & RULE_SIGNAL)
		printf(" signal=%" PRIu32, r->signal);
	if (f & RULE_DELAY_ENTER)
		printf(" delay_enter_us=%" PRIu32, r->delay_enter_us);
	if (f & RULE_DELAY_EXIT)
		printf(" delay_exit_us=%" PRIu32, r->delay_exit_us);
	if (f & RULE_PATH)
		print_string("path", pool, r->path_glob);
	if (f & RULE_FD_PATH)
		print_string("fd_path", pool, r->fd_path_glob);
	if (f & RULE_ARG)
		printf(" arg=%u,%s,0x%" PRIx64, r->arg_index, arg_ops[r->arg_op], r->arg_value);
	if (f & RULE_COMMAND)
		print_string("command", pool, r->command);
	printf(" when=%" PRIu32 "..", r->when_first);
	if (r->when_last == 0)
		printf("inf");
	else
		printf("%" PRIu32, r->when_last);
	printf("+%" PRIu32, r->when_step);
	if (r->times != 0)
		printf(" times=%" PRIu32, r->times);
	if (f & RULE_PROBABILITY)
		printf(" probability=%" PRIu32 " seed=%" PRIu64, r->probability, r->seed);
	putchar('\n');
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: rules_dump FILE\n");
		return 2;
	}
	size_t len;
	uint8_t *bytes = read_file(argv[1], &len);
	char msg[400];
	if (rule_table_check(bytes, len, msg, sizeof(msg)) != 0) {
		printf("invalid: %s\n", msg);
		return 1;
	}
	struct rule_table_header h;
	memcpy(&h, bytes, sizeof(h));
	const char *pool = (const char *)bytes + RULES_FIRST_RULE_OFFSET + sizeof(struct rule) * h.rule_count;
	printf("rule table v%u: %" PRIu32 " rules\n", h.version, h.rule_count);
	for (uint32_t i = 0; i < h.rule_count; i++) {
		struct rule r;
		memcpy(&r, bytes + RULES_FIRST_RULE_OFFSET + sizeof(struct rule) * i, sizeof(r));
		print_rule(i, &r, pool);
	}
	return fflush(stdout) == 0 ? 0 : 2;
}
