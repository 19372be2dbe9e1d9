/* Where cached patch plans and patched images live: a private directory of the user's (trust policy in cache_dir.c). */
#ifndef SYSFAULT_CACHE_DIR_H
#define SYSFAULT_CACHE_DIR_H

#include <stddef.h>
#include "loaded_libs.h"

/*
 * Opens the cache directory as cache_dir.c's policy says, making it when missing: its descriptor
 * (O_PATH, close-on-exec), or -1 when no candidate is usable (debug: each refusal is reported).
 * Only before any library is patched: it calls realpath() through glibc.
 */
long cache_dir_open(int debug);

/* "<lib name>-<build-id><suffix>" into out: 1, or 0 without a build-id or when too long. */
int cache_file_name(const struct loaded_lib *lib, const char *suffix, char *out, size_t size);

/* dir's file name opened read-only, if it is a regular file of this user that nobody else can write; else -1. */
long cache_file_open(long dir, const char *name);

/* One piece of a file to store. */
struct cache_part {
	const void *data;
	size_t len;
};

/* Replaces dir's file name with the parts, through a temporary file that no failure leaves behind. */
void cache_file_store(long dir, const char *name, const struct cache_part *parts, size_t nparts);

#endif
