/* The caught sites of objects loaded after start-up (dlopen): one table per object, published for the SIGSYS handler without a lock. */
#ifndef SYSFAULT_SUD_LOADED_LATER_H
#define SYSFAULT_SUD_LOADED_LATER_H

#include <stddef.h>
#include <stdint.h>
#include "sud_rewrite.h"

/*
 * An object that dlopen mapped after start-up, planned in the dlopen caller's thread
 * (patcher/loaded_later.c).  Entries are only ever appended: a handler may be reading any of them,
 * so none is reordered, reused or freed.  An unloaded object is marked gone (its sites are never
 * rewritten again, and the handler skips it), since another object may be mapped at its addresses.
 */
struct later_object {
	uint64_t base;               /* its load address */
	uint64_t text_lo, text_hi;   /* where its sites are: the handler looks no further for a site outside */
	size_t first, count;         /* its sites: sysfault_later_sites[first, first + count), by address */
	uint8_t gone;                /* unloaded (or unloading): set once, never cleared */
	char name[32];               /* its file name, which the sites' SYSFAULT_DEBUG lines point at */
	uint8_t build_id[20];        /* with base and name: the same object (not another at its addresses) */
	uint8_t build_id_len;
};

/* A JVM loads a few dozen objects after start-up; more keep paying the signal on every call. */
#define LATER_OBJECTS_MAX 512
#define LATER_SITES_MAX 8192

extern struct later_object sysfault_later_objects[LATER_OBJECTS_MAX];
extern struct rewritable_site sysfault_later_sites[LATER_SITES_MAX];
/* How many objects are complete: stored with release after an object's entry and sites are written. */
extern size_t sysfault_later_object_count;

/* From the SIGSYS handler: the entry of a listed site of an object loaded later and not gone, or NULL. */
struct rewritable_site *sysfault_later_site(unsigned long site);

#endif
