// Which JVM a run directory belongs to, written into it, so that a later JVM can tell a leftover from a live run.
package dev.sysfault.run.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * A JVM, told apart from every other that has had or will have its pid: the boot, the pid namespace (another
 * container's pids mean nothing here) and the process's start time in clock ticks since boot. A directory's
 * owner is {@linkplain #isGone() gone} only when that is certain: same boot and namespace, and no process with
 * that pid and start time.
 */
record RunOwner(String boot, String pidNamespace, long pid, long startTicks) {

    static final String FILE_NAME = "owner";

    /** This JVM. */
    static RunOwner current() throws IOException {
        long pid = ProcessHandle.current().pid();
        return new RunOwner(currentBoot(), currentPidNamespace(), pid,
                startTicks(pid).orElseThrow(() -> new IOException("cannot read /proc/self/stat")));
    }

    /** Written to a temporary name and renamed, so that a reader sees all of it or nothing. */
    void writeTo(Path directory) throws IOException {
        Path temporary = directory.resolve(FILE_NAME + ".tmp");
        Files.writeString(temporary, boot + " " + pidNamespace + " " + pid + " " + startTicks + "\n");
        Files.move(temporary, directory.resolve(FILE_NAME), StandardCopyOption.ATOMIC_MOVE);
    }

    /** The owner written in {@code directory}; empty if there is none (not yet written, say) or it is not one. */
    static Optional<RunOwner> readFrom(Path directory) {
        try {
            String[] fields = Files.readString(directory.resolve(FILE_NAME), StandardCharsets.US_ASCII).strip()
                    .split(" ");
            if (fields.length != 4) {
                return Optional.empty();
            }
            return Optional.of(new RunOwner(fields[0], fields[1], Long.parseLong(fields[2]),
                    Long.parseLong(fields[3])));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Whether this owner has certainly exited: from this boot and pid namespace, and its pid is free or reused. */
    boolean isGone() {
        try {
            if (!boot.equals(currentBoot()) || !pidNamespace.equals(currentPidNamespace())) {
                return false;
            }
        } catch (IOException e) {
            return false;
        }
        Optional<Long> now = startTicks(pid);
        return now.isEmpty() || now.get() != startTicks;
    }

    private static String currentBoot() throws IOException {
        return Files.readString(Path.of("/proc/sys/kernel/random/boot_id"), StandardCharsets.US_ASCII).strip();
    }

    private static String currentPidNamespace() throws IOException {
        return Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
    }

    /** Field 22 of /proc/PID/stat, counted after the name (which may hold spaces and parentheses); empty if none. */
    private static Optional<Long> startTicks(long pid) {
        String stat;
        try {
            stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return Optional.empty();
        }
        String[] afterName = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Optional.of(Long.parseLong(afterName[19]));
    }
}
