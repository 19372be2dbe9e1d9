// The JUnit 5 extension: what a test writes to inject faults and to assert on the calls it made.
/**
 * The first and last steps of sysfault's data path, for JUnit 5. The annotation step:
 * {@link dev.sysfault.junit.InjectSyscallFault} (or a fault registered with
 * {@link dev.sysfault.junit.SyscallFaultExtension#inject}) makes a test run in a worker JVM under
 * {@code libsysfault.so}, its faults armed around the body; {@link dev.sysfault.junit.RunInContainer} and
 * {@link dev.sysfault.junit.GlibcMatrix} put that worker in a Docker image (with {@code sysfault-testcontainers} on
 * the class path). The assertion step: a test takes a {@code SyscallTrace} or {@link dev.sysfault.junit.InjectedFaults}
 * parameter and checks it with {@link dev.sysfault.junit.SyscallTraceAssertions#assertThat} and
 * {@link dev.sysfault.junit.SyscallSelection#syscall}, or waits with {@link dev.sysfault.junit.TraceAwait}. Every
 * public type here is API; the helpers are package-private. Uses {@code dev.sysfault.worker.internal} (the workers),
 * never the other way round.
 */
package dev.sysfault.junit;
