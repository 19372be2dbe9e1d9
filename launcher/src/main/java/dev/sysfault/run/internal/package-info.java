// Internal: how the launcher starts a program preloaded, shared with the workers, the containers and the command line.
/**
 * Not API. {@code NativeLibrary} finds {@code libsysfault.so} (extracted once, checked byte for byte by
 * {@code VerifiedCopy}, into the trusted {@code CacheDirectory}); {@code PreloadEnvironment} is the one place that
 * knows {@code LD_PRELOAD}, {@code SYSFAULT_RULES} and {@code SYSFAULT_TRACE}; {@code RunDirectory} holds a run's
 * rule table and trace, owned by its JVM ({@code RunOwner}); {@code UnfiredFaults} explains a fault that never
 * fired, and {@code SignalHandlers} lets a JVM handle a signal (the command line's Ctrl-C). Exported only to
 * sysfault's own modules; uses nothing of {@code dev.sysfault.run}.
 */
package dev.sysfault.run.internal;
