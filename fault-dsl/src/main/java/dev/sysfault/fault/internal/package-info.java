// Internal: the tables and words the fault language reads, shared with sysfault's other modules but not API.
/**
 * Not API. {@code TableFile} reads the generated tables (which stay beside the API's classes, in
 * {@code dev/sysfault/fault/}); {@code ErrnoTable} and {@code SignalTable} are the errno and signal tables by name
 * and number, with {@code ClosestNames} for "did you mean"; {@code UserInput} quotes what a user wrote inside an
 * error message; {@code RelatedSyscalls} names the calls that do another's job, for the message of a fault that
 * never fired. Exported only to sysfault's own modules; uses nothing of {@code dev.sysfault.fault}, which uses it.
 */
package dev.sysfault.fault.internal;
