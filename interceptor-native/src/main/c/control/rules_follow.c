/* The hook path's table loader, for a running program whose rules Java swaps through the control file. */
#include <sys/syscall.h>
#include "rule_load.h"
#include "rules_follow.h"
#include "text_format.h"
#include "contracts/control_format.h"
#include "hook/frame.h"

#define TABLE_PATH_MAX 4096

/* "DIR/rules-", set once at start-up; the generation's digits go after it. */
static char table_path[TABLE_PATH_MAX];
static size_t prefix_length;

int rules_follow_in(const char *dir)
{
	size_t n = text_format(table_path, sizeof(table_path), "%s/%s", dir, CONTROL_TABLE_PREFIX);
	if (n + 21 >= sizeof(table_path))   /* 20 digits and the NUL */
		return -1;
	prefix_length = n;
	return 0;
}

void rules_follow(uint64_t generation)
{
	if (__atomic_exchange_n(&sysfault_rules_following, 1, __ATOMIC_ACQUIRE) != 0)
		return;   /* another thread is loading a table; this call keeps the one in force */
	if (generation != __atomic_load_n(&sysfault_rules_generation, __ATOMIC_RELAXED)) {
		/* The guard makes table_path ours; a generation never names two tables, so it is read once. */
		text_format(table_path + prefix_length, sizeof(table_path) - prefix_length, "%llu",
		            (unsigned long long)generation);
		const struct loaded_rules *table;
		struct table_refusal why;
		if (rule_table_read_raw(table_path, &table, &why) == 0) {
			rule_table_publish(table);
		} else {
			char line[600];
			long pid = sysfault_raw_syscall(SYS_getpid, 0, 0, 0, 0, 0, 0);
			size_t n = why.err != 0
			         ? text_format(line, sizeof(line), "sysfault: [pid %ld] rule table %s not armed, the rules "
			                       "in force stay: %s (errno %ld)\n", pid, table_path, why.what, -why.err)
			         : text_format(line, sizeof(line), "sysfault: [pid %ld] rule table %s not armed, the rules "
			                       "in force stay: %s\n", pid, table_path, why.what);
			sysfault_raw_syscall(SYS_write, 2, (long)line, (long)n, 0, 0, 0);
		}
		/* Once, even when refused: a table that failed stays failed, and each call must not retry it. */
		__atomic_store_n(&sysfault_rules_generation, generation, __ATOMIC_RELEASE);
	}
	__atomic_store_n(&sysfault_rules_following, 0, __ATOMIC_RELEASE);
}
