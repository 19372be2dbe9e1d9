// The worker JVM's command line: this JVM's java, options, system properties and class path, plus the worker's own.
package dev.sysfault.worker.internal;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A worker is started the way this JVM was, so the test sees the same classes, properties and heap settings.
 * Two commands are equal when they would start the same worker (so a worker started ahead of need is used only
 * when nothing it was given has changed since, system properties included).
 */
public record WorkerCommand(List<String> base, boolean shareClasses) {

    static final String LIBRARY_PROPERTY = "sysfault.library";

    /** System properties the JVM sets for itself: a worker gets its own. */
    private static final List<String> JVM_OWNED = List.of("java.", "jdk.", "sun.", "os.", "user.", "file.", "line.",
            "path.", "native.", "jnu.", "awt.", "surefire.", "basedir", "localRepository", "stderr.encoding",
            "stdout.encoding");

    public WorkerCommand {
        base = List.copyOf(base);
    }

    // Written out: a record's own equals and hashCode are made at run time, which cost the first faulted test of a
    // JVM about 40 ms for the first record and 5 for each other.
    @Override
    public boolean equals(Object o) {
        return o instanceof WorkerCommand c && base.equals(c.base) && shareClasses == c.shareClasses;
    }

    @Override
    public int hashCode() {
        return 31 * base.hashCode() + Boolean.hashCode(shareClasses);
    }

    /** The command for {@code settings} and {@code library} as of now: this JVM's options and properties. */
    static WorkerCommand of(WorkerSettings settings, Path library) {
        List<String> command = new ArrayList<>();
        command.add(settings.java().toString());
        // A worker lives for a class or a test: the quick compiler alone starts and warms faster (about 6 ms less per
        // test here). First, so that this JVM's options and sysfault.worker.jvmOptions can say otherwise.
        command.add("-XX:TieredStopAtLevel=1");
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (forwarded(option)) {
                command.add(option);
            }
        }
        for (Map.Entry<Object, Object> p : System.getProperties().entrySet()) {
            String key = p.getKey().toString();
            String value = p.getValue().toString();
            if (JVM_OWNED.stream().noneMatch(key::startsWith) && !key.startsWith("sysfault.worker.")
                    && !key.equals(LIBRARY_PROPERTY) && value.chars().noneMatch(Character::isISOControl)) {
                command.add("-D" + key + "=" + value);
            }
        }
        command.addAll(settings.jvmOptions());
        // The worker's launcher sees the parameters of junit-platform.properties, not those given to this one.
        command.add("-D" + WorkerSettings.FAULTS_MUST_FIRE + "=" + settings.faultsMustFire());
        command.add("-D" + LIBRARY_PROPERTY + "=" + library);
        command.add("-Djna.nosys=true");
        command.addAll(JnaStartup.options());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        return new WorkerCommand(command, settings.classArchive());
    }

    /** The java to run. */
    String java() {
        return base.get(0);
    }

    /** The JVM's options, system properties included: what comes between the java and {@code -cp}. */
    List<String> jvmOptions() {
        return base.subList(1, base.indexOf("-cp"));
    }

    /** The {@code -cp} value: this JVM's class path. */
    public String classPath() {
        return base.get(base.indexOf("-cp") + 1);
    }

    /**
     * The whole command line of a worker with this directory and socket, {@code ahead} of need or not, with the
     * options and class path of a {@link ClassArchive} if there is one.
     */
    public List<String> forWorker(Path directory, Path socket, boolean ahead, Optional<ClassArchive.Use> archive) {
        List<String> command = new ArrayList<>(base);
        archive.ifPresent(use -> {
            command.set(command.indexOf("-cp") + 1, use.classPath());
            command.addAll(1, use.options());
        });
        command.add(1, "-D" + WorkerRuntime.DIRECTORY_PROPERTY + "=" + directory);
        command.add(WorkerMain.class.getName());
        command.add(socket.toString());
        if (ahead) {
            command.add(WorkerMain.AHEAD);
        }
        return command;
    }

    /** A debugger's agent would collide on its port; the worker's own properties are set anew. */
    private static boolean forwarded(String option) {
        return !option.startsWith("-agentlib:jdwp") && !option.startsWith("-Xrunjdwp") && !option.equals("-Xdebug")
                && !option.startsWith("-D" + WorkerRuntime.DIRECTORY_PROPERTY)
                && !option.startsWith("-D" + LIBRARY_PROPERTY + "=");
    }
}
