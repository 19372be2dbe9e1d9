/* Loading a rule table with messages for people: rule_load.c does the work, this says what went wrong in
 * words (strerror) and loads SYSFAULT_RULES at start-up.  sysfault_load_rules (control.c) shares it. */
#include <stdio.h>
#include <stdlib.h>
#include <limits.h>
#include <string.h>
#include "hook/exec_rules.h"
#include "raw_io/report.h"
#include "rule_load.h"
#include "rule_table.h"

int rule_table_read(const char *path, const struct loaded_rules **table, char *message, size_t size)
{
	struct table_refusal why;
	if (rule_table_read_raw(path, table, &why) == 0)
		return 0;
	char shown[REPORT_PATH_MAX];
	if (why.err != 0)
		snprintf(message, size, "rule table %s: %s: %s (errno %ld)", report_path(path, shown), why.what,
		         strerror((int)-why.err), -why.err);
	else
		snprintf(message, size, "rule table %s: %s", report_path(path, shown), why.what);
	return -1;
}

int rule_table_load(const char *argv0)
{
	const char *slash = argv0 != NULL ? strrchr(argv0, '/') : NULL;
	if (argv0 != NULL)   /* NULL (no memory): no COMMAND rule applies */
		rule_table_set_command(strdup(slash != NULL ? slash + 1 : argv0));

	const char *path = getenv("SYSFAULT_RULES");
	if (path == NULL || path[0] == '\0')
		return 0;
	const struct loaded_rules *table;
	char message[REPORT_MAX];
	if (rule_table_read(path, &table, message, sizeof(message)) != 0) {
		report("sysfault: %s", message);
		exit(SYSFAULT_EXIT_STRICT);
	}
	/* A program a scoped thread started: the programs it starts get the same rules (hook/exec_rules.h). */
	const char *passed = getenv("SYSFAULT_RULES_PASSED");
	if (passed != NULL && strcmp(passed, "1") == 0) {
		exec_rules_remember(path);
		sysfault_exec_rules_passed = 1;
	}
	rule_table_publish(table);
	return 0;
}

void exec_rules_remember(const char *path)
{
	char absolute[PATH_MAX];
	const char *named = realpath(path, absolute) != NULL ? absolute : path;
	int n = snprintf(sysfault_exec_rules_env, sizeof(sysfault_exec_rules_env), "SYSFAULT_RULES=%s", named);
	if (n < 0 || (size_t)n >= sizeof(sysfault_exec_rules_env))
		sysfault_exec_rules_env[0] = '\0';   /* no such path can be opened anyway */
}
