/* Messages from start-up to stderr, written with raw syscalls so that no hook sees them. */
#ifndef SYSFAULT_REPORT_H
#define SYSFAULT_REPORT_H

#include <stddef.h>

/* Exit status when SYSFAULT_STRICT=1 and a site could not be patched. */
#define SYSFAULT_EXIT_STRICT 86

/* One line on stderr: at most REPORT_MAX bytes of it, newline included. */
#define REPORT_MAX 1024
void report(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * A path as messages show it: the path itself up to REPORT_PATH_MAX - 1 bytes, else its start
 * and its end (the file name) around "...", written to out.  However long a path the user gives,
 * the reason after it still fits in a message.
 */
#define REPORT_PATH_MAX 161
const char *report_path(const char *path, char out[REPORT_PATH_MAX]);

#endif
