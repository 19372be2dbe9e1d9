// Copies a worker's stdout or stderr to this JVM's, line by line, keeping the last lines for a crash report.
package dev.sysfault.worker.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * To {@code System.out}/{@code System.err} (not the file descriptors: a build tool such as Surefire reads this
 * JVM's own stdout and attributes what its streams print to the running test).
 */
final class OutputTail {

    private static final int KEPT = 40;

    private final Deque<String> last = new ArrayDeque<>();
    private final Thread pump;

    OutputTail(InputStream from, boolean toErr, String name) {
        pump = new Thread(() -> copy(from, toErr), name);
        pump.setDaemon(true);
        pump.start();
    }

    private void copy(InputStream from, boolean toErr) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(from, Charset.defaultCharset()))) {
            String line;
            while ((line = lines.readLine()) != null) {
                PrintStream to = toErr ? System.err : System.out;
                to.println(line);
                synchronized (last) {
                    if (last.size() == KEPT) {
                        last.removeFirst();
                    }
                    last.addLast(line);
                }
            }
        } catch (IOException ignored) {
            // the worker is gone; what it printed has been copied
        }
    }

    /** The last lines, after waiting a little for the pump to reach the end of a dead worker's output. */
    List<String> lastLines() {
        try {
            pump.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (last) {
            return new ArrayList<>(last);
        }
    }
}
