/* The in-process control API (include/sysfault_control.h): swap the rules while the program runs. */
#include <stdio.h>
#include "sysfault_control.h"
#include "intercepted.h"
#include "raw_io/report.h"
#include "rule_table.h"
#include "hook/exempt_thread.h"
#include "hook/rule_scope.h"
#include "hook/sud_wanted.h"

#define EXPORTED __attribute__((visibility("default")))

EXPORTED int
sysfault_control_version(void)
{
	return SYSFAULT_CONTROL_VERSION;
}

EXPORTED int
sysfault_load_rules(const char *path, char *message, unsigned long message_size)
{
	/* The file goes through raw syscalls; whatever libc does for the message (strerror may read
	 * a message catalog) is this thread's own business, not the program's: no rule, no trace. */
	int was_exempt = sysfault_thread_exempt;
	sysfault_thread_exempt = 1;
	char own[512];
	char *out = message != NULL && message_size > 0 ? message : own;
	size_t size = message != NULL && message_size > 0 ? message_size : sizeof(own);

	const struct loaded_rules *table = NULL;
	const char *not_intercepted = not_intercepted_because();
	int result;
	if (not_intercepted != NULL) {
		/* Loading would succeed and then no rule would ever apply: a test would pass unfaulted. */
		char shown[REPORT_PATH_MAX];
		snprintf(out, size, "rule table %s: not loaded: this process is not intercepted (%s)",
		         path == NULL ? "(NULL)" : report_path(path, shown), not_intercepted);
		result = -1;
	} else if (path == NULL || path[0] == '\0') {
		snprintf(out, size, "rule table: no file named (the path is %s)", path == NULL ? "NULL" : "empty");
		result = -1;
	} else {
		result = rule_table_read(path, &table, out, size);
	}
	if (result == 0) {
		exec_rules_remember(path);
		rule_table_publish(table);
		/* This thread's raw syscalls meet the rules from now on; other threads' from their next patched call. */
		if (sysfault_sud_on)
			sysfault_sud_arm_if_wanted();
	}
	sysfault_thread_exempt = was_exempt;
	return result;
}

EXPORTED void
sysfault_clear_rules(void)
{
	rule_table_publish(NULL);
}

EXPORTED void
sysfault_exempt_thread(int exempt)
{
	sysfault_thread_exempt = exempt != 0;
}

EXPORTED int
sysfault_scope_rules(long tid)
{
	if (tid < 0)
		return -1;
	sysfault_rule_scope_set(tid);
	return 0;
}
