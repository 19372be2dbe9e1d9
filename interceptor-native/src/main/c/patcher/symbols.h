/* Function boundaries from an object's ELF symbol table, for code that its unwind table leaves out. */
#ifndef SYSFAULT_SYMBOLS_H
#define SYSFAULT_SYMBOLS_H

#include <stddef.h>
#include "functions.h"
#include "loaded_libs.h"

/*
 * Adds to *fns (sorted by start, malloc'ed, *count entries) a range for each code symbol of
 * lib's file (its .symtab, read from lib->path) that starts where no range is known: hand-written
 * assembly has symbols but no unwind entries.  A symbol without a size ends at the next symbol,
 * range or the end of its section.  Nothing is added when the file has no .symtab (stripped) or
 * is not the loaded object (its build-id differs).  Returns how many ranges were added.
 */
size_t functions_add_from_symbols(const struct loaded_lib *lib, struct function_range **fns, size_t *count);

#endif
