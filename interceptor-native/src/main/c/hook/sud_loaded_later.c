/* The caught sites of objects loaded after start-up: the SIGSYS handler's look-up, lock-free (no libc: the hook path). */
#include "sud_loaded_later.h"

struct later_object sysfault_later_objects[LATER_OBJECTS_MAX];
struct rewritable_site sysfault_later_sites[LATER_SITES_MAX];
size_t sysfault_later_object_count;

struct rewritable_site *
sysfault_later_site(unsigned long site)
{
	size_t n = __atomic_load_n(&sysfault_later_object_count, __ATOMIC_ACQUIRE);
	/* Newest first: an object mapped where a gone one was is the one that is there now. */
	for (size_t i = n; i-- > 0;) {
		const struct later_object *o = &sysfault_later_objects[i];
		if (site < o->text_lo || site >= o->text_hi || __atomic_load_n(&o->gone, __ATOMIC_ACQUIRE))
			continue;
		return sysfault_rewritable_find(&sysfault_later_sites[o->first], o->count, site);
	}
	return 0;
}
