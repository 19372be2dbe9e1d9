/* Which signal frame our SIGSYS handler is answering a call for, between sud_entry.c and sud_signals.c. */
#ifndef SYSFAULT_SUD_CONTEXT_H
#define SYSFAULT_SUD_CONTEXT_H

/*
 * The ucontext of the SIGSYS frame whose call is being dispatched, set by the handler just before
 * the dispatcher runs and taken (set back to NULL) by the first sysfault_sud_run_call after it
 * (or the first quiet call under SUD, which entry.S runs in its place).
 * NULL outside the handler.  A signal of the program's arriving in between, whose handler makes
 * a signal call through glibc, would take it instead: a window of a few instructions.
 */
extern __thread void *sysfault_sud_handler_context __attribute__((visibility("hidden"), tls_model("initial-exec")));

#endif
