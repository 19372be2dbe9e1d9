/* Messages from start-up to stderr, written with raw syscalls so that no hook sees them. */
#ifndef SYSFAULT_REPORT_H
#define SYSFAULT_REPORT_H

/* Exit status when SYSFAULT_STRICT=1 and a site could not be patched. */
#define SYSFAULT_EXIT_STRICT 86

void report(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
