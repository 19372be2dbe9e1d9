/* Keeps each library's patch plan on disk, keyed by its build-id, so that only the first process pays for disassembly. */
#ifndef SYSFAULT_PLAN_CACHE_H
#define SYSFAULT_PLAN_CACHE_H

#include "loaded_libs.h"
#include "patch_plan.h"

/* Plans made by another build of libsysfault.so are ignored, and so is any file that fails its checks. */

/* Fills plan from cache_dir (cache_dir.h; -1: none); 0 on success, -1 when there is no valid plan. */
int plan_cache_load(const struct loaded_lib *lib, long cache_dir, struct patch_plan *plan);

/* Stores the plan; failures only cost the next process a fresh plan. */
void plan_cache_store(const struct loaded_lib *lib, long cache_dir, const struct patch_plan *plan);

#endif
