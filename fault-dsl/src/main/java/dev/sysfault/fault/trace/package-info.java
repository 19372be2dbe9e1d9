// Trace reading: the calls a program made under libsysfault.so, decoded from the shared trace file.
/**
 * The trace step of sysfault's data path, read from Java. The interceptor's recorder writes each call into a
 * shared file ({@code docs/trace-format.md}); {@link dev.sysfault.fault.trace.SyscallTrace} reads it, live or
 * after the run, as {@link dev.sysfault.fault.trace.SyscallEvent}s in {@link dev.sysfault.fault.trace.TraceSnapshot}s,
 * and {@link dev.sysfault.fault.trace.StracePrinter} prints them as strace would. The JUnit extension's assertions
 * and waits read traces through this package. Depends on {@code dev.sysfault.fault} for the syscall and errno
 * names.
 */
package dev.sysfault.fault.trace;
