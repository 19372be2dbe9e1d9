/* Where cached patch plans and patched images live: a private directory of the user's. */
#ifndef SYSFAULT_CACHE_DIR_H
#define SYSFAULT_CACHE_DIR_H

#include <stddef.h>
#include "loaded_libs.h"

/*
 * The cache directory: $SYSFAULT_CACHE_DIR (empty: no cache), else
 * $XDG_CACHE_HOME/sysfault, else $HOME/.cache/sysfault, else
 * /tmp/sysfault-<uid>; only a directory owned by us and writable by nobody
 * else is used.  Writes DIR/<lib name>-<build-id><suffix> into out and
 * returns 1, or 0 when there is no usable directory (create: make it).
 */
int cache_path(const struct loaded_lib *lib, const char *suffix, char *out, size_t size, int create);

#endif
