/* Reading strings and blocks from the calling program's memory, and writing blocks to it, without crashing on a bad pointer. */
#ifndef SYSFAULT_USER_MEMORY_H
#define SYSFAULT_USER_MEMORY_H

#include <stddef.h>

#define USER_STRING_UNREADABLE (-1)
#define USER_STRING_TOO_LONG (-2)

/*
 * Copies the NUL-terminated string at addr into buf (at most size - 1
 * characters) through process_vm_readv, or, where a seccomp filter refuses
 * that (Docker's default profile), through a pipe; so an invalid pointer
 * gives USER_STRING_UNREADABLE instead of a fault (the call itself then meets
 * EFAULT in the kernel, as it would have).  Returns the length; or
 * USER_STRING_TOO_LONG with buf filled with the string's first size bytes.
 */
long sysfault_read_user_string(const void *addr, char *buf, size_t size);

/* Copies the n bytes at addr into buf the same way; returns 1, or 0 when some of them are unreadable. */
int sysfault_read_user_block(const void *addr, void *buf, size_t n);

/* Copies the n bytes at src into the program's memory at addr the same way; returns 1, or 0 when some of them are unwritable. */
int sysfault_write_user_block(void *addr, const void *src, size_t n);

#endif
