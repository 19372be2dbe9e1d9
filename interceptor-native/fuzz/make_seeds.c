/* make_seeds DIR: writes a few valid rule tables (docs/rule-table.md) to DIR as fuzzing seeds, beside the golden tables. */
#include <stdio.h>
#include "../src/test/c/tools/table_writer.h"

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: make_seeds DIR\n");
		return 2;
	}
	static struct table t;

	write_table(&t, argv[1], "empty");

	static const int getdents64[] = { 217 }, rw[] = { 0, 1 }, opens[] = { 2, 257, 316 };
	add_rule(&t, getdents64, 1, RULE_FAIL)->error = 95;
	struct rule *r = add_rule(&t, rw, 2, RULE_SHORTEN_FRACTION | RULE_FD_PATH);
	r->shorten = 1ull << 31;
	r->fd_path_glob = add_string(&t, "/data/wal/**");
	r->when_first = 3, r->when_last = 5, r->times = 2;
	write_table(&t, argv[1], "two_rules");

	r = add_rule(&t, opens, 3, RULE_RETVAL | RULE_PATH | RULE_ARG | RULE_COMMAND | RULE_PROBABILITY |
	                           RULE_SIGNAL | RULE_DELAY_ENTER | RULE_DELAY_EXIT);
	r->retval = -1, r->signal = 10, r->delay_enter_us = 100, r->delay_exit_us = 7;
	r->path_glob = add_string(&t, "/tmp/\"q\"\\*.log");
	r->command = add_string(&t, "java");
	r->arg_index = 2, r->arg_op = ARG_ANY, r->arg_value = 0x241;
	r->probability = 1u << 30, r->seed = 42, r->when_step = 2;
	write_table(&t, argv[1], "every_field");

	static const int peer_waits[] = { 42, 45, 232 };   /* connect, recvfrom, epoll_wait */
	add_rule(&t, peer_waits, 3, RULE_BLACKHOLE | RULE_DELAY_EXIT)->delay_exit_us = 1;
	write_table(&t, argv[1], "blackhole");

	static const int file_calls[] = { 0, 1, 74, 257 };   /* read, write, fsync, openat */
	r = add_rule(&t, file_calls, 4, RULE_PAUSE | RULE_FD_PATH);
	r->fd_path_glob = add_string(&t, "**");
	write_table(&t, argv[1], "pause");
	return 0;
}
