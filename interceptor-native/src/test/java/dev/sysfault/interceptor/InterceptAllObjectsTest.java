// INTERCEPT_ALL_OBJS, as in syscall_intercept: the syscall instructions of every loaded object are patched, not only glibc's.
package dev.sysfault.interceptor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * raw_syscall_sites (src/test/c/progs) makes getppid with a syscall instruction of its own (in C,
 * and in assembly that only the symbol table describes), with one in the library it links
 * (libraw_getppid.so) and through glibc; getppid_enotsup.so answers
 * every getppid it sees with ENOTSUP. It is built as PIE and as a program at a fixed address. What is patched is
 * seen with Syscall User Dispatch off ({@code SYSFAULT_SUD=0}): with it on, SUD catches the calls left unpatched.
 */
class InterceptAllObjectsTest {

    @TempDir
    Path cache;

    private ProgramRun rawSyscallSites(String program, String... args) {
        String[] command = Stream.concat(Stream.of(NativeBuild.program(program).toString()), Stream.of(args))
                .toArray(String[]::new);
        return ProgramRun.of(command).env("SYSFAULT_CACHE_DIR", cache.toString())
                .preload(NativeBuild.preload("getppid_enotsup"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"raw_syscall_sites", "raw_syscall_sites_no_pie"})
    void withoutItOnlyGlibcsCallsArePatched(String program) {
        ProgramRun.Result result = rawSyscallSites(program).env("SYSFAULT_SUD", "0").run();

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout()).as(result.describe()).isEqualTo("""
                program: a pid
                assembly: a pid
                library: a pid
                glibc: ENOTSUP
                """);
    }

    @ParameterizedTest
    @ValueSource(strings = {"raw_syscall_sites", "raw_syscall_sites_no_pie"})
    void withoutItSyscallUserDispatchHooksTheOthers(String program) {
        ProgramRun.Result result = rawSyscallSites(program).run();

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout()).as(result.describe()).isEqualTo("""
                program: ENOTSUP
                assembly: ENOTSUP
                library: ENOTSUP
                glibc: ENOTSUP
                """);
    }

    @ParameterizedTest
    @ValueSource(strings = {"raw_syscall_sites", "raw_syscall_sites_no_pie"})
    void withItTheProgramsAndEveryLibrarysCallsAreHookedToo(String program) {
        ProgramRun.Result result = rawSyscallSites(program).env("INTERCEPT_ALL_OBJS", "1").run();

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout()).as(result.describe()).isEqualTo("""
                program: ENOTSUP
                assembly: ENOTSUP
                library: ENOTSUP
                glibc: ENOTSUP
                """);
        assertThat(result.stderr()).as(result.describe()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", ""})
    void zeroOrEmptyIsOff(String value) {
        ProgramRun.Result result = rawSyscallSites("raw_syscall_sites").env("INTERCEPT_ALL_OBJS", value)
                .env("SYSFAULT_SUD", "0").run();

        assertThat(result.stdout()).as(result.describe()).startsWith("program: a pid\nassembly: a pid\nlibrary: a pid\n");
    }

    @Test
    void debugSaysWhichObjectsAreLeftAloneAndWhy() {
        String program = "raw_syscall_sites";
        ProgramRun.Result result = rawSyscallSites(program).env("INTERCEPT_ALL_OBJS", "1")
                .env("SYSFAULT_DEBUG", "1").run();

        assertThat(result.stderr()).as(result.describe())
                .contains("sysfault: INTERCEPT_ALL_OBJS: linux-vdso.so.1 not patched: the vDSO belongs to the kernel\n")
                .contains("sysfault: INTERCEPT_ALL_OBJS: libsysfault.so not patched: it is sysfault itself\n")
                .contains("sysfault: libraw_getppid.so: 1 syscall sites, 0 not patched")
                .contains("sysfault: " + program + ": 2 syscall sites, 0 not patched")
                .contains("sysfault: getppid_enotsup.so: no syscall sites;");
    }

    /** The patch cache is keyed per object (file name and build-id): a later process maps each one's image. */
    @ParameterizedTest
    @ValueSource(strings = {"raw_syscall_sites", "raw_syscall_sites_no_pie"})
    void theCacheKeepsAnImagePerObject(String program) throws IOException {
        ProgramRun.Result first = rawSyscallSites(program).env("INTERCEPT_ALL_OBJS", "1").run();
        ProgramRun.Result second = rawSyscallSites(program, "--maps").env("INTERCEPT_ALL_OBJS", "1").run();

        List<String> files;
        try (Stream<Path> list = Files.list(cache)) {
            files = list.map(p -> p.getFileName().toString()).sorted().toList();
        }
        for (String object : List.of(program, "libraw_getppid.so", "libc.so.6")) {
            assertThat(files).as("cache files").anyMatch(name -> name.matches("\\Q" + object + "\\E-[0-9a-f]+\\.plan"))
                    .anyMatch(name -> name.matches("\\Q" + object + "\\E-[0-9a-f]+\\.image"));
        }
        assertThat(first.stdout()).as(first.describe()).isEqualTo("program: ENOTSUP\nassembly: ENOTSUP\nlibrary: ENOTSUP\nglibc: ENOTSUP\n");
        assertThat(second.stdout()).as(second.describe()).startsWith(first.stdout())
                .containsPattern("r-xp .*/\\Q" + program + "\\E-[0-9a-f]+\\.image\n")
                .containsPattern("r-xp .*/libraw_getppid\\.so-[0-9a-f]+\\.image\n");
    }
}
