/* Patches one loaded library. */
#ifndef SYSFAULT_PATCH_LIBRARY_H
#define SYSFAULT_PATCH_LIBRARY_H

#include "loaded_libs.h"

/*
 * Sends every syscall instruction of lib through a trampoline.  Returns how
 * many sites were left unpatched (each reported under SYSFAULT_DEBUG=1, the
 * count once when the plan is made), or -1 when the library could not be
 * patched at all (reported).  debug: describe every site on stderr.
 */
long patch_library(const struct loaded_lib *lib, int debug);

#endif
