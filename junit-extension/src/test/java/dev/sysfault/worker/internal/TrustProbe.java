// A JVM started by PlantedCodeTest with the environment an attack sets up: does what a test run does with the cache.
package dev.sysfault.worker.internal;

import dev.sysfault.run.internal.NativeLibrary;
import dev.sysfault.run.ProcessResult;
import dev.sysfault.run.SyscallFaults;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code preload}: runs {@code true} under the library, as {@code SyscallFaults} does for a user;
 * {@code jna}: starts a JVM with a worker's JNA options that loads JNA, as a worker does;
 * {@code cds}: prints the class archive options a worker would get, then waits for the archive's maker, if started.
 * Each prints what it used, one {@code key=value} a line.
 */
public final class TrustProbe {

    private TrustProbe() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "preload" -> {
                System.out.println("library=" + NativeLibrary.path());
                try (ProcessResult r = SyscallFaults.command("true").run()) {
                    System.out.println("exit=" + r.exitCode());
                }
            }
            case "jna" -> {
                List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                        .toString()));
                java.addAll(JnaStartup.options());
                java.addAll(List.of("-cp", System.getProperty("java.class.path"), TrustProbe.class.getName(),
                        "load-jna"));
                JnaStartup.options().forEach(o -> System.out.println("option=" + o));
                System.out.println("exit=" + new ProcessBuilder(java).inheritIO().start().waitFor());
            }
            case "load-jna" -> Class.forName("com.sun.jna.Native");
            case "cds" -> {
                Path library = NativeLibrary.path();
                WorkerCommand command = WorkerCommand.of(WorkerSettings.from(name -> Optional.empty()), library);
                ClassArchive.forWorker(command, library).ifPresent(use -> use.options()
                        .forEach(o -> System.out.println("option=" + o)));
                for (ProcessHandle maker : ProcessHandle.current().descendants().toList()) {
                    maker.onExit().join();
                }
            }
            default -> throw new IllegalArgumentException("usage: TrustProbe preload|jna|load-jna|cds");
        }
    }
}
