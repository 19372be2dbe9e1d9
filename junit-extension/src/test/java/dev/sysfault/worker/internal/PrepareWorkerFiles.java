// For NoRulesTest: a fresh JVM that writes a worker's files, as the test JVM does before its first worker's spawn.
package dev.sysfault.worker.internal;

import java.nio.file.Path;

public final class PrepareWorkerFiles {

    static final String DONE = "the worker's files written";

    private PrepareWorkerFiles() {
    }

    /** {@code PrepareWorkerFiles DIRECTORY LIBRARY}. */
    public static void main(String[] args) throws Exception {
        WorkerRuntime.prepare(Path.of(args[0]), 1024, Path.of(args[1]));
        System.out.println(DONE);
    }
}
