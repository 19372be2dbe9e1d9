// The launcher: any program run with libsysfault.so preloaded, its rules compiled and its trace recorded.
/**
 * The preload step of sysfault's data path, for any program. {@link dev.sysfault.run.SyscallFaults} takes a
 * command and the faults of {@code dev.sysfault.fault} (DSL or SPEC), compiles them into a rule table, finds
 * {@code libsysfault.so} and starts the command below {@code sysfault-supervisor} with {@code LD_PRELOAD},
 * {@code SYSFAULT_RULES} and {@code SYSFAULT_TRACE} set; what comes back is a {@link dev.sysfault.run.ProcessResult}
 * or, for a program that keeps running, a {@link dev.sysfault.run.RunningProgram}, each with its trace and rule
 * counters. Every public type here is API; how the library is found and what a run's environment and files are
 * live in {@code dev.sysfault.run.internal}. Depends on {@code dev.sysfault.fault} alone: no JUnit, no AssertJ, no
 * Docker, no JNA.
 */
package dev.sysfault.run;
