/* Finds a function of the kernel's vDSO (clock_gettime without a system call). */
#ifndef SYSFAULT_VDSO_H
#define SYSFAULT_VDSO_H

/* The address of the vDSO's dynamic symbol name (e.g. "__vdso_clock_gettime"), or NULL. */
void *vdso_symbol(const char *name);

#endif
