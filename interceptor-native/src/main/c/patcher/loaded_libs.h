/* Finds the loaded objects whose syscall instructions get patched: glibc's, or all with INTERCEPT_ALL_OBJS. */
#ifndef SYSFAULT_LOADED_LIBS_H
#define SYSFAULT_LOADED_LIBS_H

#include <link.h>
#include <stddef.h>
#include <stdint.h>
#include "patch_plan.h"

struct loaded_lib {
	char name[32];            /* "libc.so.6", "libpthread.so.0", any object's file name (cut) */
	const char *path;         /* the file it was loaded from (the loader's string, or /proc/self/exe) */
	uint64_t load_addr;       /* l_addr */
	uint64_t text_start;      /* executable PT_LOAD, as offsets from load_addr */
	uint64_t text_len;
	const uint8_t *eh_frame_hdr;
	struct readable_range readable[MAX_READABLE]; /* PT_LOAD segments with PF_R */
	size_t nreadable;
	uint8_t build_id[20];
	uint8_t build_id_len;
};

/* Room for a JVM's objects, or a browser's; more are left unpatched (said under SYSFAULT_DEBUG). */
#define MAX_PATCHED_LIBS 256
#define MAX_PATCHED_LIBS_TEXT "256"

/* libsysfault.so's own build-id, known after find_patchable_libs(). */
extern uint8_t sysfault_own_build_id[20];

/*
 * Fills libs with the loaded libc (first) and a separate libpthread; returns how many.  With
 * all_objects (INTERCEPT_ALL_OBJS), also every other object loaded now, the program included,
 * except those that cannot be patched safely; debug: say which and why on stderr.
 */
size_t find_patchable_libs(struct loaded_lib libs[MAX_PATCHED_LIBS], int all_objects, int debug);

/* lib, for an object mapped at load_addr with these program headers (its text_len stays 0 if it has no code). */
void loaded_lib_describe(struct loaded_lib *lib, const char *name, const char *path, uint64_t load_addr,
                         const ElfW(Phdr) *phdr, size_t phnum);

/* Whether the object dl_iterate_phdr describes is the one this code is in (libsysfault.so). */
int is_libsysfault(const struct dl_phdr_info *info);

#endif
