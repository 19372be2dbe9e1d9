/* Start-up side of the trace: opens or creates SYSFAULT_TRACE and hands it to the hook path. */
#ifndef SYSFAULT_TRACE_SETUP_H
#define SYSFAULT_TRACE_SETUP_H

/*
 * With SYSFAULT_TRACE set, maps the trace (creating it with the defaults of
 * SYSFAULT_TRACE_EVENTS / _FULL / _RECORD / _PAUSED when it does not exist) and turns
 * recording on.  A trace that cannot be used is reported once on stderr and
 * the program runs without recording.
 */
void trace_setup(void);

#endif
