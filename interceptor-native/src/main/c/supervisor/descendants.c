/* Ends every process of the run: the children of this subreaper, and whatever is reparented to it meanwhile. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "supervisor.h"

/* The parent pid in /proc/PID/stat, or -1: the fourth field, after a name that may hold ") ". */
static pid_t
parent_of(const char *pid)
{
	char path[64], stat[512];
	if (strlen(pid) > 20)
		return -1;
	strcpy(path, "/proc/");
	strcat(path, pid);
	strcat(path, "/stat");
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, stat, sizeof(stat) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	stat[n] = '\0';
	char *end = strrchr(stat, ')');
	if (end == NULL || end[1] != ' ' || end[2] == '\0' || end[3] != ' ')
		return -1;
	return (pid_t)strtol(end + 4, NULL, 10);
}

/* SIGKILLs each child found in /proc; how many were found, -1 without /proc. */
static int
kill_children(pid_t self)
{
	DIR *proc = opendir("/proc");
	if (proc == NULL)
		return -1;
	int found = 0;
	struct dirent *entry;
	while ((entry = readdir(proc)) != NULL) {
		if (entry->d_name[0] < '1' || entry->d_name[0] > '9')
			continue;
		if (parent_of(entry->d_name) == self) {
			kill((pid_t)strtol(entry->d_name, NULL, 10), SIGKILL);
			found++;
		}
	}
	closedir(proc);
	return found;
}

/*
 * A process reparented to us is reparented before its old parent can be reaped, so after each reap a new
 * scan sees it; a killed process cannot fork any more. So scan, kill, reap one, and again, until no child
 * is left. When a scan finds no child while one exists (it came between the scan and the wait), the wait
 * does not block, and the next scan finds it.
 */
void
end_descendants(void)
{
	pid_t self = getpid();
	for (;;) {
		int found = kill_children(self);
		if (found < 0)
			return; /* no /proc: the children are out of sight, as they are for Java's ProcessHandle */
		pid_t reaped = waitpid(-1, NULL, found > 0 ? __WALL : __WALL | WNOHANG);
		if (reaped < 0 && errno == ECHILD)
			return;
		if (reaped < 0 && errno != EINTR)
			return;
	}
}
