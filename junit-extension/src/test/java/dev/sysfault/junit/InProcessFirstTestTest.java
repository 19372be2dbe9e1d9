// A JVM started with libsysfault.so preloaded runs its first faulted test itself, scoped to the body's threads.
package dev.sysfault.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sysfault.junit.fixtures.FixtureLog;
import dev.sysfault.junit.fixtures.InProcessCases;
import dev.sysfault.junit.fixtures.InProcessNeverFiredCases;
import dev.sysfault.junit.fixtures.InProcessUnfitCases;
import dev.sysfault.junit.fixtures.PreloadedRun;
import dev.sysfault.run.internal.NativeLibrary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InProcessFirstTestTest {

    /** What a run of fixtures in a fresh JVM printed, what its steps noted, and that JVM's pid. */
    private record Run(String output, List<String> notes, long pid) {

        /** The note that starts with {@code what}, less the pid at its end; fails if it is not there. */
        String note(String what) {
            return notes.stream().filter(n -> n.startsWith(what + " ")).findFirst()
                    .orElseThrow(() -> new AssertionError("no note " + what + " in " + notes + "; output:\n" + output));
        }

        boolean ranHere(String what) {
            return note(what).endsWith(" " + pid);
        }
    }

    @Test
    void thePreloadedJvmRunsItsFirstFaultedTestItselfWithTheFaultOnTheBodysThreadsOnly() throws Exception {
        Run run = run(true, List.of(), InProcessCases.class);
        assertThat(run.output()).contains("test first() SUCCESSFUL", "test second() SUCCESSFUL", "test plain() SUCCESSFUL");
        assertThat(run.ranHere("first")).as(run.notes().toString()).isTrue();
        // No worker runs beside it: the one for the later tests starts once it ended, and takes none of its CPU.
        assertThat(run.note("first")).startsWith("first body=failed started=failed grandchild=failed earlier=ok program=failed"
                + " workers=0 ");
        // The later faulted test goes to a worker, where the rules meet every thread, the earlier one's too.
        assertThat(run.ranHere("second")).as(run.notes().toString()).isFalse();
        assertThat(run.note("second")).startsWith("second body=failed started=failed grandchild=failed earlier=failed program=failed ");
        // Once the first test's body ended, no rule is left in force in the JVM.
        assertThat(run.ranHere("plain")).isTrue();
        assertThat(run.note("plain")).startsWith("plain body=ok started=ok grandchild=ok earlier=ok program=ok ");
    }

    @Test
    void withoutThePreloadTheFirstFaultedTestGoesToAWorker() throws Exception {
        Run run = run(false, List.of(), InProcessCases.class);
        assertThat(run.output()).contains("test first() SUCCESSFUL");
        assertThat(run.ranHere("first")).isFalse();
        assertThat(run.note("first")).startsWith("first body=failed started=failed grandchild=failed earlier=failed program=failed ");
    }

    @Test
    void inProcessNeverSendsTheFirstFaultedTestToAWorker() throws Exception {
        Run run = run(true, List.of("-Dsysfault.inProcess=never"), InProcessCases.class);
        assertThat(run.output()).contains("test first() SUCCESSFUL");
        assertThat(run.ranHere("first")).isFalse();
        assertThat(run.note("first")).startsWith("first body=failed started=failed grandchild=failed earlier=failed program=failed ");
    }

    /**
     * A fault on a call the JVM makes for itself (openat: loading a class) or one that raises a signal leaves the
     * test to a worker; the first test that fits after it runs in the JVM.
     */
    @Test
    void aFaultThatCouldHurtTheJvmGoesToAWorkerAndTheNextTestThatFitsRunsHere() throws Exception {
        Run run = run(true, List.of(), InProcessUnfitCases.class);
        assertThat(run.output()).contains("test openatFault() SUCCESSFUL", "test signalFault() SUCCESSFUL",
                "test fsyncFault() SUCCESSFUL");
        assertThat(run.ranHere("openat")).as(run.notes().toString()).isFalse();
        assertThat(run.ranHere("signal")).as(run.notes().toString()).isFalse();
        assertThat(run.ranHere("fsync")).as(run.notes().toString()).isTrue();
    }

    @Test
    void aFaultThatNeverFiredInProcessFailsItsTestAndSaysWhereItRan() throws Exception {
        Run run = run(true, List.of(), InProcessNeverFiredCases.class);
        assertThat(run.ranHere("unfired")).isTrue();
        assertThat(run.output()).contains("test syncsOnAThreadStartedBefore() FAILED",
                "on method InProcessNeverFiredCases.syncsOnAThreadStartedBefore never fired: it matched no call.",
                "The test ran in this JVM, as the run's first faulted test",
                "sysfault.inProcess=never");
    }

    @Test
    void aWrongValueOfTheParameterIsNamedAsWritten() {
        var events = FixtureRun.of(Map.of("sysfault.inProcess", "sometimes"), InProcessNeverFiredCases.class)
                .results().testEvents();
        assertThat(events.failed().stream().map(e -> e.getPayload(org.junit.platform.engine.TestExecutionResult.class)
                .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable).map(Throwable::getMessage)
                .orElse(""))).containsExactly("configuration parameter sysfault.inProcess=sometimes is not first or"
                        + " never");
    }

    /** Runs {@code fixtures} in a fresh JVM, with this class path, preloaded or not; workers it starts inherit its options. */
    private static Run run(boolean preloaded, List<String> options, Class<?>... fixtures) throws Exception {
        Path log = Files.createTempFile("sysfault-in-process-", ".log");
        try {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-cp", System.getProperty("java.class.path"), "-D" + FixtureLog.PROPERTY + "=" + log));
            String library = System.getProperty(NativeLibrary.PROPERTY);
            if (library != null) {
                command.add("-D" + NativeLibrary.PROPERTY + "=" + library);
            }
            command.addAll(options);
            command.add(PreloadedRun.class.getName());
            for (Class<?> c : fixtures) {
                command.add(c.getName());
            }
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            if (preloaded) {
                builder.environment().put("LD_PRELOAD", NativeLibrary.path().toString());
            } else {
                builder.environment().remove("LD_PRELOAD");
            }
            Process p = builder.start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as(output).isZero();
            return new Run(output, Files.readAllLines(log), p.pid());
        } finally {
            deleteQuietly(log);
        }
    }

    private static void deleteQuietly(Path file) throws IOException {
        Files.deleteIfExists(file);
    }
}
