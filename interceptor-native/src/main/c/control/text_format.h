/* snprintf's job for the loader and the checks without libc: they also run on the hook path (rules_follow.c). */
#ifndef SYSFAULT_TEXT_FORMAT_H
#define SYSFAULT_TEXT_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

/*
 * Like snprintf into out (size bytes, always NUL-terminated when size > 0; longer text is cut), for the
 * conversions the messages use: %s, %c, %d, %u, %x with an optional 0 flag and width and the l, ll or z
 * length, and %%.  Returns the length written.  No libc, no allocation: safe on the hook path.
 */
size_t text_format(char *out, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
size_t text_vformat(char *out, size_t size, const char *fmt, va_list ap);

#endif
