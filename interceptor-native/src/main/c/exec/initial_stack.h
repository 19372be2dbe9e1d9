/* The stack a program starts on: argc, argv, envp and the auxiliary vector, as execve builds it. */
#ifndef SYSFAULT_EXEC_INITIAL_STACK_H
#define SYSFAULT_EXEC_INITIAL_STACK_H

#include <stddef.h>
#include "elf_load.h"

/* Bytes initial_stack_build needs for these arguments, environment and file name. */
size_t initial_stack_size(int argc, char **argv, char **envp, const char *execfn);

/*
 * Writes the start of a program's stack at the top of area (size bytes, from initial_stack_size) and
 * returns the stack pointer for its entry point.  The strings are not copied: argv and envp point
 * where they are (the loader's own arguments, above).
 */
void *initial_stack_build(void *area, size_t size, int argc, char **argv, char **envp, const char *execfn,
                          const struct loaded_program *p);

#endif
