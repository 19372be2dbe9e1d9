/* The exported variables and query of the syscall_intercept-compatible C hook API. */
#include "libsyscall_intercept_hook_point.h"

#define EXPORTED __attribute__((visibility("default")))

EXPORTED int (*intercept_hook_point)(long, long, long, long, long, long, long, long *);
EXPORTED void (*intercept_hook_point_clone_child)(unsigned long, void *, int *, int *, long);
EXPORTED void (*intercept_hook_point_clone_parent)(unsigned long, void *, int *, int *, long, long);
