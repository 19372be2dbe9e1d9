/* Finds the loaded glibc objects whose syscall instructions get patched. */
#ifndef SYSFAULT_LOADED_LIBS_H
#define SYSFAULT_LOADED_LIBS_H

#include <stddef.h>
#include <stdint.h>

struct loaded_lib {
	char name[32];            /* "libc.so.6", "libpthread.so.0" */
	uint64_t load_addr;       /* l_addr */
	uint64_t text_start;      /* executable PT_LOAD, as offsets from load_addr */
	uint64_t text_len;
	const uint8_t *eh_frame_hdr;
	uint8_t build_id[20];
	uint8_t build_id_len;
};

#define MAX_PATCHED_LIBS 2

/* Fills libs with the loaded libc (first) and a separate libpthread; returns how many. */
size_t find_patchable_libs(struct loaded_lib libs[MAX_PATCHED_LIBS]);

#endif
