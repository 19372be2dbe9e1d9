/* Turning Syscall User Dispatch on at start-up, behind the patched glibc sites. */
#ifndef SYSFAULT_STARTUP_SUD_H
#define SYSFAULT_STARTUP_SUD_H

/*
 * After patching: SIGSYS to our handler, every handler the process already has made safe under
 * SUD (sud_signals.c says why), then SUD on for this thread, the only one.  Returns 1 when SUD is
 * on; 0 when the kernel has none (before 5.11), a seccomp filter refuses it or SYSFAULT_SUD=0
 * asks for none, with why in `why` (then only glibc's calls are seen, as before).
 */
int sud_start(char *why, unsigned long why_size);

/* The executable segment of the ELF object this code is linked into (libsysfault.so, or sysfault-exec):
 * the range SUD lets through.  0, or -1 when its program headers name none. */
int sud_find_own_code(unsigned long *start, unsigned long *length);

/* Whether a caught site may be rewritten to the fast path: unless SYSFAULT_SUD_REWRITE=0 (docs/syscall-user-dispatch.md). */
int sud_rewrite_wanted(void);

#endif
