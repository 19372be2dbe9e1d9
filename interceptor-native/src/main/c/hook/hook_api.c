/* The exported variables of the C hook API: syscall_intercept's, and sysfault's own hook points. */
#include "libsyscall_intercept_hook_point.h"
#include "sysfault_hook_point.h"

#define EXPORTED __attribute__((visibility("default")))

EXPORTED int (*intercept_hook_point)(long, long, long, long, long, long, long, long *);
EXPORTED void (*intercept_hook_point_clone_child)(void);
EXPORTED void (*intercept_hook_point_clone_parent)(long);
EXPORTED void (*sysfault_hook_point_clone_child)(unsigned long, void *, int *, int *, long);
EXPORTED void (*sysfault_hook_point_clone_parent)(unsigned long, void *, int *, int *, long, long);
