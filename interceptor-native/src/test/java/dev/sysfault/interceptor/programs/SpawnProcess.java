// A program run under the interceptor: starts child processes with ProcessBuilder and prints their output.
package dev.sysfault.interceptor.programs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code SpawnProcess}: runs {@code /bin/echo hello} and {@code ls /} a few times and prints what
 * they wrote and their exit status. The launch mechanism is the JDK's own choice unless
 * {@code -Djdk.lang.Process.launchMechanism=FORK|VFORK|POSIX_SPAWN} says otherwise.
 */
public final class SpawnProcess {

    private SpawnProcess() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        for (int round = 0; round < 3; round++) {
            run(List.of("/bin/echo", "hello"));
            run(List.of("ls", "/"));
        }
        run(List.of("sh", "-c", "echo to-stderr >&2; exit 7"));
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = process.waitFor();
        System.out.print(command + " exited " + status + ":\n" + output);
    }
}
