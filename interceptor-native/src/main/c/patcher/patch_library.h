/* Patches one loaded library. */
#ifndef SYSFAULT_PATCH_LIBRARY_H
#define SYSFAULT_PATCH_LIBRARY_H

#include "loaded_libs.h"

/*
 * Sends every syscall instruction of lib through a trampoline.  Returns how
 * many sites were left unpatched (each reported under SYSFAULT_DEBUG=1, the
 * count once when the plan is made), or -1 when the library could not be
 * patched at all (reported).  cache_dir: the plan and image cache's descriptor
 * (cache_dir_open(); -1: none).  debug: describe every site on stderr.
 */
long patch_library(const struct loaded_lib *lib, long cache_dir, int debug);

/* The text of lib as the planner reads it. */
struct text_image library_text(const struct loaded_lib *lib);

/*
 * lib's patch plan: the cached one if every site it names still looks as planned, else one made
 * now (and cached; *fresh is then 1).  0, or -1 when no plan could be made (reported).
 */
int library_plan(const struct loaded_lib *lib, const struct text_image *text, long cache_dir,
                 struct patch_plan *plan, int *fresh);

#endif
