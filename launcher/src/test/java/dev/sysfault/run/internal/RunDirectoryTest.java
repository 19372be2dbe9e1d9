// A run's directory: private, deleted on close, and never deleted under a process that reads it.
package dev.sysfault.run.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sysfault.run.programs.MakeRunDirectory;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirectoryTest {

    @Test
    void isPrivateAndGoneWithItsFilesWhenClosed() throws Exception {
        RunDirectory dir = RunDirectory.create();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.path()))).isEqualTo("rwx------");
        Files.writeString(dir.resolve("rules.bin"), "x");
        dir.close();
        assertThat(dir.path()).doesNotExist();
    }

    @Test
    void twoAreTwoDirectories() {
        try (RunDirectory one = RunDirectory.create(); RunDirectory two = RunDirectory.create()) {
            assertThat(one.path()).isDirectory().isNotEqualTo(two.path());
            assertThat(one.path().getParent()).isEqualTo(two.path().getParent());
        }
    }

    /**
     * The first worker's start waits for its directory: made in a fresh JVM, it seeds no SecureRandom (which took
     * such a JVM 40 to 120 ms), as the class loading log of that JVM shows.
     */
    @Test
    void makingOneInAFreshJvmSeedsNoSecureRandom() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process jvm = new ProcessBuilder(java, "-Xlog:class+load=info:stdout", "-cp",
                System.getProperty("java.class.path"), MakeRunDirectory.class.getName())
                .redirectErrorStream(true).start();
        String log = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(jvm.waitFor()).as(log).isZero();
        assertThat(log).contains(RunDirectory.class.getName() + " ").contains("made ");
        assertThat(log.lines().filter(line -> line.contains("SecureRandom"))).as("the JVM loaded").isEmpty();
    }

    /**
     * The first directory in a parent sweeps the leftovers of killed JVMs there, but not on the way to the directory
     * (the first worker's start waits for that). A leftover's owner file here is a pipe, so that the thread reading
     * it waits, inside {@code RunOwner.readFrom}, until this test's writer closes it: that thread is named while it
     * waits, then let go.
     */
    @Test
    void theLeftoversAreSweptOnAThreadOfTheirOwn(@TempDir Path parent) throws Exception {
        Path owner = Files.createDirectory(parent.resolve("sysfault-run-leftover")).resolve("owner");
        Process mkfifo = new ProcessBuilder("mkfifo", owner.toString()).inheritIO().start();
        assertThat(mkfifo.waitFor()).isZero();
        CompletableFuture<Thread> sweeper = CompletableFuture.supplyAsync(() -> {
            // Opens once the sweep opens the pipe to read; closing it lets the sweep go on.
            try (OutputStream unblock = Files.newOutputStream(owner)) {
                unblock.flush();
                return Thread.getAllStackTraces().entrySet().stream()
                        .filter(thread -> Arrays.stream(thread.getValue()).anyMatch(frame ->
                                frame.getClassName().equals(RunOwner.class.getName())
                                        && frame.getMethodName().equals("readFrom")))
                        .map(Map.Entry::getKey).findFirst().orElseThrow();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        RunDirectory dir = RunDirectory.create(parent);
        assertThat(sweeper.join()).as("the thread that read the leftover's owner").isNotSameAs(Thread.currentThread());
        dir.close();
        assertThat(owner).as("not a leftover: its owner cannot be told").exists();
    }

    @Test
    void aProcessUsingItIsKilledBeforeItsFilesAreDeleted(@TempDir Path elsewhere) throws Exception {
        RunDirectory dir = RunDirectory.create();
        Path output = elsewhere.resolve("output");
        Files.writeString(dir.resolve("rules.bin"), "x");
        // Says so if it ever sees the file gone: it must be dead by then.
        Process reader = new ProcessBuilder("sh", "-c",
                "while test -e \"$0\"; do :; done; echo gone while alive", dir.resolve("rules.bin").toString())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        dir.stopBeforeDeleting(reader);
        dir.close();
        assertThat(reader.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(reader.exitValue()).isEqualTo(128 + 9);
        assertThat(output).content().doesNotContain("gone while alive");
        assertThat(dir.path()).doesNotExist();
    }

    @Test
    void aProcessSaidToUseItAfterItWasDeletedIsKilledAtOnce() throws Exception {
        RunDirectory dir = RunDirectory.create();
        dir.close();
        Process late = new ProcessBuilder("sleep", "600").start();
        dir.stopBeforeDeleting(late);
        assertThat(late.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(late.exitValue()).isEqualTo(128 + 9);
    }
}
