/* Path globs of the rule table: '*' within a component, '**' across components, '?' one character. */
#ifndef SYSFAULT_GLOB_H
#define SYSFAULT_GLOB_H

#include <stddef.h>

/*
 * Does path[0..len) match glob (NUL-terminated)?  A glob without '/' is
 * matched against the path's last component ("*.log" matches
 * "/var/log/app.log").  Gives up (no match) after a bounded amount of work,
 * so a pathological glob cannot stall the calling thread.
 */
int sysfault_glob_match(const char *glob, const char *path, size_t len);

#endif
