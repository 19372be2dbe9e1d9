// What a test may see of its worker JVM: the exceptions its failure comes as.
/**
 * A faulted test runs in a worker JVM; when that worker dies or hangs the test fails with a
 * {@link dev.sysfault.worker.WorkerCrashException} (exit status, last calls, last output), and an exception the
 * worker could not send as itself arrives as a {@link dev.sysfault.worker.WorkerException}. Users catch or assert
 * on these; they are made only by {@code dev.sysfault.worker.internal}.
 */
package dev.sysfault.worker;
