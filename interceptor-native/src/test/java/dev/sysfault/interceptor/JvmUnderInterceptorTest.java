// A JVM under libsysfault.so: starts, runs threads doing file I/O, spawns processes, and sees an injected ENOTSUP.
package dev.sysfault.interceptor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sysfault.interceptor.programs.EightThreadsFileIo;
import dev.sysfault.interceptor.programs.ListDirectory;
import dev.sysfault.interceptor.programs.SpawnProcess;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JvmUnderInterceptorTest {

    @TempDir
    Path tmp;

    /** The java launcher of the JVM running this test. */
    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Runs a program class of this module's test classes in a new JVM. */
    private static ProgramRun javaProgram(Class<?> main, List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>(List.of(java(), "-cp", testClasses()));
        command.addAll(jvmOptions);
        command.add(main.getName());
        command.addAll(List.of(args));
        return ProgramRun.of(command);
    }

    private static String testClasses() {
        try {
            return Path.of(EightThreadsFileIo.class.getProtectionDomain().getCodeSource()
                    .getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void javaVersionPrintsTheSameAsWithout() {
        ProgramRun.Result plain = ProgramRun.of(java(), "-version").run();
        ProgramRun.Result intercepted = ProgramRun.of(java(), "-version")
                .preload(NativeBuild.preload()).run();

        assertThat(plain.exitCode()).isZero();
        CommandLineToolsTest.assertSameOutcome(intercepted, plain);
    }

    @Test
    void javaVersionUnderAPassthroughHook() {
        ProgramRun.Result plain = ProgramRun.of(java(), "-version").run();
        ProgramRun.Result intercepted = ProgramRun.of(java(), "-version")
                .preload(NativeBuild.preload("passthrough")).run();

        CommandLineToolsTest.assertSameOutcome(intercepted, plain);
    }

    @Test
    void eightThreadsDoingFileIo() throws IOException {
        Path plainDir = Files.createDirectory(tmp.resolve("plain"));
        Path interceptedDir = Files.createDirectory(tmp.resolve("intercepted"));
        ProgramRun.Result plain = javaProgram(EightThreadsFileIo.class, List.of(), plainDir.toString()).run();
        ProgramRun.Result intercepted = javaProgram(EightThreadsFileIo.class, List.of(),
                interceptedDir.toString()).preload(NativeBuild.preload("passthrough")).run();

        assertThat(plain.exitCode()).as(plain.describe()).isZero();
        assertThat(plain.stdout()).startsWith("EightThreadsFileIo: 8 threads x 100 files, ");
        CommandLineToolsTest.assertSameOutcome(intercepted, plain);
    }

    @ParameterizedTest(name = "launch mechanism {0}")
    @ValueSource(strings = {"default", "POSIX_SPAWN", "VFORK", "FORK"})
    void processBuilderStartsChildren(String mechanism) {
        List<String> options = mechanism.equals("default") ? List.of()
                : List.of("-Djdk.lang.Process.launchMechanism=" + mechanism);
        ProgramRun.Result plain = javaProgram(SpawnProcess.class, options).run();
        ProgramRun.Result intercepted = javaProgram(SpawnProcess.class, options)
                .preload(NativeBuild.preload()).run();

        assertThat(plain.exitCode()).as(plain.describe()).isZero();
        assertThat(plain.stdout()).contains("[/bin/echo, hello] exited 0:\nhello\n",
                "[sh, -c, echo to-stderr >&2; exit 7] exited 7:\nto-stderr\n");
        CommandLineToolsTest.assertSameOutcome(intercepted, plain);
    }

    @Test
    void filesListFailsWithOperationNotSupportedUnderTheGetdentsHook() throws IOException {
        for (int i = 0; i < 4; i++) {
            Files.createFile(tmp.resolve("entry-" + i));
        }
        ProgramRun.Result plain = javaProgram(ListDirectory.class, List.of(), tmp.toString()).run();
        ProgramRun.Result intercepted = javaProgram(ListDirectory.class, List.of(), tmp.toString())
                .preload(NativeBuild.preload("getdents_enotsup")).run();

        assertThat(plain.stdout()).as(plain.describe())
                .isEqualTo("entries: 4\nentry-0\nentry-1\nentry-2\nentry-3\n");
        assertThat(plain.exitCode()).isZero();
        assertThat(intercepted.stdout()).as(intercepted.describe())
                .startsWith("error: ").contains("Operation not supported");
        assertThat(intercepted.exitCode()).as(intercepted.describe()).isEqualTo(3);
    }

    @Test
    void filesListUnderTheLibraryAloneListsLikeWithout() throws IOException {
        for (int i = 0; i < 4; i++) {
            Files.createFile(tmp.resolve("entry-" + i));
        }
        ProgramRun.Result plain = javaProgram(ListDirectory.class, List.of(), tmp.toString()).run();
        ProgramRun.Result intercepted = javaProgram(ListDirectory.class, List.of(), tmp.toString())
                .preload(NativeBuild.preload()).run();

        CommandLineToolsTest.assertSameOutcome(intercepted, plain);
    }
}
