/* Threads whose calls bypass the rules and the trace: a harness's own (sysfault_exempt_thread). */
#ifndef SYSFAULT_EXEMPT_THREAD_H
#define SYSFAULT_EXEMPT_THREAD_H

/*
 * Non-zero: this thread's calls take no rule and are not recorded.  Initial-exec TLS (the
 * library is preloaded): one %fs-relative load, zero in every new thread; a fork or vfork child
 * continues the thread that made it, so it keeps the value until it execs.  Defined in dispatch.c.
 */
extern __thread int sysfault_thread_exempt __attribute__((visibility("hidden"), tls_model("initial-exec")));

#endif
