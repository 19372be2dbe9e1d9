/* Writing jump bytes into a library's text without running libc code meanwhile. */
#ifndef SYSFAULT_TEXT_WRITE_H
#define SYSFAULT_TEXT_WRITE_H

#include <stddef.h>
#include <stdint.h>
#include "../startup/trampoline.h"

/* Makes [lo, hi) writable, applies the writes, makes it executable again. 0 or -errno. */
int sysfault_write_text(const struct text_write *w, size_t n, uint64_t lo, uint64_t hi);

#endif
