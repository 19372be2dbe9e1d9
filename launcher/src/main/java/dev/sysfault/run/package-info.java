// The launcher: any program run with libsysfault.so preloaded, its rules compiled and its trace recorded.
/**
 * The preload step of sysfault's data path, for any program. {@link dev.sysfault.run.SyscallFaults} takes a
 * command and the faults of {@code dev.sysfault.fault} (DSL or SPEC), compiles them into a rule table, finds
 * {@code libsysfault.so} ({@link dev.sysfault.run.NativeLibrary}, extracted once into the trusted
 * {@link dev.sysfault.run.CacheDirectory}), and starts the command below {@code sysfault-supervisor} with
 * {@code LD_PRELOAD}, {@code SYSFAULT_RULES} and {@code SYSFAULT_TRACE} ({@link dev.sysfault.run.PreloadEnvironment},
 * the one place that knows these names) set to files in a private
 * {@link dev.sysfault.run.RunDirectory}; what comes back is a {@link dev.sysfault.run.ProcessResult} or, for a
 * program that keeps running, a {@link dev.sysfault.run.RunningProgram}, each with its trace and rule counters.
 * Users write {@code SyscallFaults.command(...)} and read the two results; {@code CacheDirectory},
 * {@code NativeLibrary}, {@code PreloadEnvironment} and {@code RunDirectory} are public only because the JUnit
 * extension's workers and containers use them too. Depends on {@code dev.sysfault.fault} alone: no JUnit, no AssertJ, no Docker, no JNA.
 */
package dev.sysfault.run;
