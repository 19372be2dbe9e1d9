/* How many threads the process runs when start-up begins: patching is safe only while it is one. */
#include <dirent.h>
#include <sched.h>
#include <stddef.h>
#include "threads.h"

int
running_threads(void)
{
	/* unshare(CLONE_VM) changes nothing and succeeds only when no other thread shares our memory
	 * (unshare(2)): one system call, where a process's first look into /proc/self costs 20 µs
	 * or more.  A seccomp filter may refuse it (Docker's default does, with EPERM). */
	if (unshare(CLONE_VM) == 0)
		return 1;
	DIR *d = opendir("/proc/self/task");
	if (d == NULL)
		return -1;
	int n = 0;
	for (struct dirent *e; (e = readdir(d)) != NULL;)
		n += e->d_name[0] != '.';   /* one directory per thread, named by its tid */
	closedir(d);
	return n;
}
