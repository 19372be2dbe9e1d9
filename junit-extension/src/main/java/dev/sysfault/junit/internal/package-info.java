// Internal: the JUnit Platform's side of the extension, registered through META-INF/services.
/**
 * Not API. {@code WorkerDiscoveryStart} and {@code WorkerPrestart} are the launcher listeners that start a worker
 * JVM as soon as a run's selected classes or plan hold a faulted test, so that the first one need not wait;
 * {@code WarmUp} is the test a new worker runs first, by name. They read the annotations of
 * {@code dev.sysfault.junit} and start workers of {@code dev.sysfault.worker.internal}, which know neither.
 */
package dev.sysfault.junit.internal;
