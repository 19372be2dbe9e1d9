/* Before an execve from a rule scope: the program gets SYSFAULT_RULES and SYSFAULT_RULES_PASSED in its environment. */
#include <stddef.h>
#include <sys/syscall.h>
#include "exec_rules.h"
#include "user_memory.h"

#define PASSED "SYSFAULT_RULES_PASSED=1"
#define MAX_ENTRIES (1L << 20)
#define PROT_RW 3
#define MAP_PRIVATE_ANONYMOUS 0x22

char sysfault_exec_rules_env[EXEC_RULES_ENV_MAX];
int sysfault_exec_rules_passed;

/* Whether the string at s (the program's memory) starts with prefix, its '=' included. */
static int
names(const char *s, const char *prefix)
{
	char head[32];
	if (sysfault_read_user_string(s, head, sizeof(head)) == USER_STRING_UNREADABLE)
		return 0;
	for (int i = 0; prefix[i] != '\0'; i++)
		if (head[i] != prefix[i])
			return 0;
	return 1;
}

static long
length(const char *s)
{
	long n = 0;
	while (s[n] != '\0')
		n++;
	return n;
}

void
sysfault_exec_give_rules(struct syscall_frame *f)
{
	if (sysfault_exec_rules_env[0] == '\0')
		return;
	char *const *envp = (char *const *)f->args[2];
	char *entry;
	long count = 0;
	while (envp != NULL && count < MAX_ENTRIES && sysfault_read_user_block(&envp[count], &entry, sizeof(entry)) &&
	       entry != NULL)
		count++;
	/* The table's entry is copied: a later sysfault_load_rules may rewrite the buffer while the kernel reads. */
	long rules_len = length(sysfault_exec_rules_env) + 1;
	long size = (count + 3) * (long)sizeof(char *) + rules_len;
	long m = sysfault_raw_syscall(SYS_mmap, 0, size, PROT_RW, MAP_PRIVATE_ANONYMOUS, -1, 0);
	if (m < 0 && m > -4096)
		return;
	char **v = (char **)m;
	char *rules = (char *)(v + count + 3);
	for (long i = 0; i < rules_len; i++)
		rules[i] = sysfault_exec_rules_env[i];
	long n = 0;
	for (long i = 0; i < count; i++)
		if (!names(envp[i], "SYSFAULT_RULES=") && !names(envp[i], "SYSFAULT_RULES_PASSED="))
			v[n++] = envp[i];
	v[n++] = rules;
	v[n++] = PASSED;
	v[n] = NULL;
	f->args[2] = (long)v;
}
