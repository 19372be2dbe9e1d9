// How a container gets libsysfault.so and each run's rule table and trace: a shared host directory, or copies.
package dev.sysfault.container;

/** See {@link SyscallFaultContainer#withFileSharing(FileSharing)}. */
public enum FileSharing {

    /**
     * {@link #BIND} when the engine is reached through a local Unix socket and, once the container runs, really
     * shows it this machine's files; {@link #COPY} otherwise. The default.
     */
    AUTO,

    /**
     * Bind mounts: the library read-only, the runs' directory read-write. The program writes its trace into
     * the same file that Java reads, so the trace is live; rule counters too.
     */
    BIND,

    /**
     * Copies, for an engine that cannot see this machine's files (DOCKER_HOST on another machine,
     * Testcontainers Cloud): the library once per engine, into a volume named by its content that every later
     * container mounts read-only, each run's rule table and trace file in before it, and the
     * trace and counters back out: the used part of the trace every 100 ms while a started command runs
     * ({@link RunningContainerProgram}), and once more, with the counters, when it has ended.
     */
    COPY
}
