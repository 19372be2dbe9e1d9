/* Internal view of the hook API state. */
#ifndef SYSFAULT_HOOK_API_H
#define SYSFAULT_HOOK_API_H

/* Set by start-up once glibc is patched (INTERCEPT_HOOK_CMDLINE_FILTER may prevent it). */
extern int sysfault_process_patched __attribute__((visibility("hidden")));

#endif
