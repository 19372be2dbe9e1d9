/*
 * rule_tables DIR: writes the rule tables the benchmark measures:
 *   rules-1.rules, rules-16.rules, rules-256.rules  tables of that many rules, none of them for
 *                                                    getppid (they never fire: when_first is huge)
 *   getppid-errno.rules                              one rule: every getppid fails with EPERM
 */
#include <stdio.h>
#include <sys/syscall.h>
#include "../src/test/c/tools/table_writer.h"

/* Syscalls the getppid loop never makes, for rules that must not match it. */
static const int other_syscalls[] = {
	SYS_openat, SYS_read, SYS_write, SYS_close, SYS_fstat, SYS_lseek, SYS_mmap, SYS_munmap,
	SYS_connect, SYS_accept, SYS_sendto, SYS_recvfrom, SYS_fsync, SYS_unlink, SYS_rename, SYS_mkdir,
};

int
main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: rule_tables DIR\n");
		return 2;
	}
	static struct table t;
	for (uint32_t n = 1; n <= 256; n *= 16) {
		t.count = 0;
		for (uint32_t i = 0; i < n; i++) {
			int nr = other_syscalls[i % (sizeof(other_syscalls) / sizeof(other_syscalls[0]))];
			struct rule *r = add_rule(&t, &nr, 1, RULE_FAIL);
			r->error = 5;
			r->when_first = 0xffffffffu;
		}
		char name[32];
		snprintf(name, sizeof(name), "rules-%u", n);
		write_table(&t, argv[1], name);
	}
	t.count = 0;
	int getppid = SYS_getppid;
	add_rule(&t, &getppid, 1, RULE_FAIL)->error = 1;
	write_table(&t, argv[1], "getppid-errno");
	return 0;
}
