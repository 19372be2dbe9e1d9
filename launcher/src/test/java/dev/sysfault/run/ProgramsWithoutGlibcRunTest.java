// SyscallFaults.command on a static, musl or Go program: started through sysfault-exec, faulted and traced as a glibc program is.
package dev.sysfault.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sysfault.fault.Fault;
import dev.sysfault.fault.trace.SyscallEvent;
import dev.sysfault.fault.trace.TraceOptions;
import dev.sysfault.testsupport.NativeBuild;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code list_dir DIR} (interceptor-native's test programs) prints how many entries DIR has, or the error and
 * exit status 1. Built with {@code gcc -static}, {@code musl-gcc -static} and in Go, it never loads glibc's
 * dynamic loader (the {@code musl-gcc} build, which needs musl's loader, is interceptor-native's to test: these
 * tests also run in the JDK 21 image, which has none); the supervisor starts it through sysfault-exec (SYSFAULT_EXEC), and a shell
 * under LD_PRELOAD execs it through sysfault-exec too. Before, each ran unfaulted with one line on stderr.
 */
class ProgramsWithoutGlibcRunTest {

    @TempDir
    Path dir;

    private Path listed;

    @BeforeEach
    void aDirectoryWithThreeFiles() throws IOException {
        listed = Files.createDirectory(dir.resolve("listed"));
        for (String name : List.of("a", "b", "c")) {
            Files.writeString(listed.resolve(name), name);
        }
    }

    private static String program(String build) {
        return NativeBuild.dir().resolve("test").resolve(build).toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"static/list_dir", "musl-static/list_dir", "go/list_dir"})
    void underGetdents64EnotsupTheListingFailsAndTheTraceShowsIt(String build) {
        try (ProcessResult r = SyscallFaults.command(program(build), listed.toString()).library(NativeBuild.library())
                .inject(Fault.parse("getdents64:error=ENOTSUP")).trace(TraceOptions.all())
                .env("SYSFAULT_STRICT", "1").run()) {
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
            assertThat(r.stdout()).as(r.toString()).isEmpty();
            assertThat(r.stderr()).as(r.toString()).startsWith("list_dir: ").containsIgnoringCase("not supported");
            assertThat(r.trace().events()).filteredOn(e -> e.name().equals("getdents64")).as(r.toString())
                    .isNotEmpty().allMatch(SyscallEvent::injected)
                    .allMatch(e -> e.pid() == r.pid());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"static/list_dir", "musl-static/list_dir", "go/list_dir"})
    void withoutFaultsItListsTheDirectoryAndNothingIsSaid(String build) {
        try (ProcessResult r = SyscallFaults.command(program(build), listed.toString()).library(NativeBuild.library())
                .env("SYSFAULT_STRICT", "1").run()) {
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.stdout()).isEqualTo("5 entries\n");
            assertThat(r.stderr()).isEmpty();
        }
    }

    /** The library makes the same choice at each execve of a covered program (hook/exec_check.c). */
    @ParameterizedTest
    @ValueSource(strings = {"static/list_dir", "go/list_dir"})
    void aProgramThatACoveredShellStartsIsFaultedToo(String build) {
        try (ProcessResult r = SyscallFaults.command("sh", "-c", program(build) + " " + listed + "; echo status $?")
                .library(NativeBuild.library()).inject(Fault.parse("getdents64:error=ENOTSUP")).run()) {
            assertThat(r.stdout()).as(r.toString()).isEqualTo("status 1\n");
            assertThat(r.stderr()).as(r.toString()).containsIgnoringCase("not supported");
        }
    }
}
