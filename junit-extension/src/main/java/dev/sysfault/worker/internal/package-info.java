// Internal: the worker JVMs a faulted test runs in, from their start to the outcome they send back.
/**
 * Not API. Between the annotation and the trampoline: {@code Workers} hands a faulted test to a
 * {@code WorkerPool}; a {@code WorkerProcess} is a JVM started preloaded ({@code WorkerCommand},
 * {@code WorkerLaunch}, the launcher's {@code PreloadEnvironment}, a {@code ClassArchive} to start faster), that
 * connects back over a socket ({@code Messages}), or, started by a {@code RemoteLaunch} where this machine's files
 * are not, listens on a port and brings its parent's copy of its directory level ({@code MirroredFiles},
 * {@code TraceChanges}); inside it {@code WorkerMain} runs the test by its unique id
 * ({@code TestRunner}) with the rules armed around the body ({@code ArmedTest}, through JNA's binding of the control
 * API, {@code SysfaultControl}), and the outcome and trace come back ({@code ThrownAcross}). Containers are reached
 * only through {@code ContainerWorkers}, which {@code sysfault-testcontainers} provides; this package does not use
 * {@code dev.sysfault.junit}.
 */
package dev.sysfault.worker.internal;
