// The same libsysfault.so in root file systems of four Debian releases (glibc 2.31 to the newest), entered with chroot.
package dev.sysfault.interceptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sysfault.fault.Fault;
import dev.sysfault.fault.RuleCounters;
import dev.sysfault.fault.RuleTable;
import dev.sysfault.fault.trace.SyscallTrace;
import dev.sysfault.fault.trace.TraceFile;
import dev.sysfault.fault.trace.TraceOptions;
import dev.sysfault.fault.trace.TraceSnapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For each suite that ci/make-rootfs.sh finished (its stamp {@code <suite>/.sysfault-rootfs}
 * exists), copies libsysfault.so with the portable test programs and hooks (built against
 * bullseye's glibc) into a new {@code <rootfs>/tmp/sysfault-test-*} directory (new for each test,
 * since two builds may share the root file systems) and runs them there with chroot.
 * The glibc version printed inside proves that the chroot's libc, not the host's, was in use.
 */
class GlibcMatrixTest {

    private static final String STAMP = ".sysfault-rootfs";

    /** The copy: its path on the host, and the same directory as seen inside the chroot. */
    private Path copied;
    private String inside;

    @AfterEach
    void removeCopies() throws IOException {
        if (copied != null && Files.exists(copied)) {
            try (Stream<Path> files = Files.walk(copied)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    static Stream<Arguments> suites() {
        return Stream.of(Arguments.of("bullseye", "2.31"), Arguments.of("bookworm", "2.36"),
                Arguments.of("trixie", "2.41"), Arguments.of("sid", "2.42+"));
    }

    /** The chroot's own libc, not the host's, with the interceptor and a counting hook loaded and called. */
    @ParameterizedTest(name = "{0} (glibc {1})")
    @MethodSource("suites")
    void runsOnTheRootFileSystemsOwnGlibc(String suite, String expectedGlibc) throws IOException {
        Path rootfs = rootfs(suite);
        copyArtifactsInto(rootfs);

        ProgramRun.Result version = inChroot(rootfs, List.of(inside + "/libc_version"),
                Map.of("LD_PRELOAD", preload("passthrough"), "SYSFAULT_TEST_REPORT", "1"));
        assertThat(version.exitCode()).as(version.describe()).isZero();
        assertGlibcVersion(version.stdout().strip(), expectedGlibc);
        assertThat(version.stderr()).as(version.describe())
                .containsPattern("(?m)^passthrough: pid " + version.pid() + " hooked [1-9]\\d* calls$");
    }

    /** The seed example. */
    @ParameterizedTest(name = "{0} (glibc {1})")
    @MethodSource("suites")
    void lsUnderTheGetdentsHookFailsWithEnotsup(String suite, String expectedGlibc) throws IOException {
        Path rootfs = rootfs(suite);
        copyArtifactsInto(rootfs);

        ProgramRun.Result ls = inChroot(rootfs, List.of("/bin/sh", "-c", "cd " + inside + "/listed && exec ls"),
                Map.of("LD_PRELOAD", preload("getdents_enotsup")));
        assertThat(ls.stderr()).as(ls.describe())
                .isEqualTo("ls: reading directory '.': Operation not supported\n");
        assertThat(ls.stdout()).as(ls.describe()).isEmpty();
        assertThat(ls.exitCode()).as(ls.describe()).isEqualTo(2);
    }

    /** The rule engine and the recorder on this glibc: a SPEC compiled on the host, a trace read on it. */
    @ParameterizedTest(name = "{0} (glibc {1})")
    @MethodSource("suites")
    void aRuleTableFailsTheListingAndTheTraceShowsIt(String suite, String expectedGlibc) throws IOException {
        Path rootfs = rootfs(suite);
        copyArtifactsInto(rootfs);
        RuleTable.compile(List.of(Fault.parse("getdents64:error=ENOTSUP"))).write(copied.resolve("enotsup.rules"));
        TraceFile.create(copied.resolve("ls.trace"), TraceOptions.all());

        ProgramRun.Result ls = inChroot(rootfs, List.of("/bin/sh", "-c", "cd " + inside + "/listed && exec ls"),
                Map.of("LD_PRELOAD", preload(), "SYSFAULT_RULES", inside + "/enotsup.rules",
                        "SYSFAULT_TRACE", inside + "/ls.trace"));

        assertThat(ls.stderr()).as(ls.describe()).isEqualTo("ls: reading directory '.': Operation not supported\n");
        assertThat(ls.exitCode()).as(ls.describe()).isEqualTo(2);
        TraceSnapshot snapshot = SyscallTrace.open(copied.resolve("ls.trace")).snapshot();
        assertThat(snapshot.lost()).isZero();
        assertThat(snapshot.events()).filteredOn(e -> e.name().equals("getdents64"))
                .singleElement().satisfies(e -> {
                    assertThat(e.injected()).isTrue();
                    assertThat(e.errnoNumber()).isEqualTo(95);
                });
        assertThat(RuleCounters.read(copied.resolve("enotsup.rules")).fired(0)).isEqualTo(1);
    }

    /** Syscall User Dispatch on this glibc: raw syscalls of the program's own, in a thread, a fork child, a handler. */
    @ParameterizedTest(name = "{0} (glibc {1})")
    @MethodSource("suites")
    void aRawSyscallOutsideGlibcIsFaultedOnThisGlibc(String suite, String expectedGlibc) throws IOException {
        Path rootfs = rootfs(suite);
        copyArtifactsInto(rootfs);
        RuleTable.compile(List.of(Fault.parse("getppid:error=EPERM"))).write(copied.resolve("getppid.rules"));

        StringBuilder out = new StringBuilder();
        for (String mode : List.of("own", "thread", "fork", "altstack")) {
            ProgramRun.Result run = inChroot(rootfs, List.of(inside + "/raw_syscalls", mode),
                    Map.of("LD_PRELOAD", preload(), "SYSFAULT_RULES", inside + "/getppid.rules"));
            assertThat(run.exitCode()).as(run.describe()).isZero();
            assertThat(run.stderr()).as(run.describe()).isEmpty();
            out.append(run.stdout());
        }
        assertThat(out.toString()).isEqualTo("""
                own code getppid: errno 1
                thread getppid: errno 1
                fork child getppid: errno 1
                parent getppid: errno 1
                handler ran on the alternate stack: yes
                handler getppid: errno 1
                alternate stack still set: yes
                """);
    }

    /** A caught raw syscall site is rewritten to the fast path on this glibc, and its calls still fail: threads, fork. */
    @ParameterizedTest(name = "{0} (glibc {1})")
    @MethodSource("suites")
    void aCaughtSiteIsRewrittenOnThisGlibc(String suite, String expectedGlibc) throws IOException {
        Path rootfs = rootfs(suite);
        copyArtifactsInto(rootfs);
        RuleTable.compile(List.of(Fault.parse("getppid:error=EPERM"))).write(copied.resolve("getppid.rules"));

        StringBuilder out = new StringBuilder();
        for (List<String> args : List.of(List.of("threads", "2000", "8"), List.of("fork", "100"))) {
            ProgramRun.Result run = inChroot(rootfs, Stream.concat(Stream.of(inside + "/raw_site_loop"), args.stream()).toList(),
                    Map.of("LD_PRELOAD", preload(), "SYSFAULT_RULES", inside + "/getppid.rules"));
            assertThat(run.exitCode()).as(run.describe()).isZero();
            assertThat(run.stderr()).as(run.describe()).isEmpty();
            out.append(run.stdout());
        }
        assertThat(out.toString()).isEqualTo("""
                threads: 16000 calls, 0 ok, 16000 failed with errno 1; site: jump
                before fork: 100 calls, 0 ok, 100 failed with errno 1; site: jump
                child: 100 calls, 0 ok, 100 failed with errno 1; site: jump
                parent: 100 calls, 0 ok, 100 failed with errno 1; site: jump
                """);
    }

    /**
     * A library dlopen'ed after start-up has its site rewritten, also where dlopen is libdl's (glibc < 2.34), and
     * another mapped where a closed one was is not touched by the closed one's plan.  The chroot has no /proc, without
     * which the loader cannot expand the program's $ORIGIN (with sysfault or without): LD_LIBRARY_PATH finds the
     * library that "other" loads by bare name.
     */
    @ParameterizedTest(name = "{0} (glibc {1})")
    @MethodSource("suites")
    void aDlopenedLibrarysSiteIsRewrittenOnThisGlibc(String suite, String expectedGlibc) throws IOException {
        Path rootfs = rootfs(suite);
        copyArtifactsInto(rootfs);
        RuleTable.compile(List.of(Fault.parse("getppid:error=EPERM"))).write(copied.resolve("getppid.rules"));

        StringBuilder out = new StringBuilder();
        for (String mode : List.of("reopen", "other")) {
            ProgramRun.Result run = inChroot(rootfs, List.of(inside + "/dlopen_site_loop", mode, "100"), Map.of(
                    "LD_PRELOAD", preload(), "SYSFAULT_RULES", inside + "/getppid.rules", "LD_LIBRARY_PATH", inside));
            assertThat(run.exitCode()).as(run.describe()).isZero();
            assertThat(run.stderr()).as(run.describe()).isEmpty();
            out.append(run.stdout());
        }
        assertThat(out.toString()).isEqualTo("""
                padded: 100 calls, 0 ok, 100 failed with errno 1; site: jump
                reopened: 100 calls, 0 ok, 100 failed with errno 1; site: jump
                same address: yes
                unpadded: 100 calls, 0 ok, 100 failed with errno 1; site: syscall
                """);
    }

    /** The control API (dlsym, tables swapped under running threads, an exempt thread, fork) on this glibc. */
    @ParameterizedTest(name = "{0} (glibc {1})")
    @MethodSource("suites")
    void theControlApiSwapsTablesOnThisGlibc(String suite, String expectedGlibc) throws IOException {
        Path rootfs = rootfs(suite);
        copyArtifactsInto(rootfs);
        RuleTable.compile(List.of(Fault.parse("getppid:error=EPERM"), Fault.parse("getpid:retval=1111")))
                .write(copied.resolve("a.rules"));
        RuleTable.compile(List.of(Fault.parse("getppid:error=ENOENT"), Fault.parse("getpid:retval=2222")))
                .write(copied.resolve("b.rules"));

        ProgramRun.Result run = inChroot(rootfs, List.of(inside + "/control_api", "load=" + inside + "/a.rules",
                "getppid", "exempt-thread=20", "fork", "load=" + inside + "/b.rules", "getpid", "child", "clear",
                "getppid", "stress=" + inside + "/a.rules," + inside + "/b.rules,5000"),
                Map.of("LD_PRELOAD", preload()));

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.stdout().replaceAll("tid \\d+", "tid T").replaceAll(" x\\d+\n", " xN\n"))
                .as(run.describe()).isEqualTo("""
                        load = 0
                        getppid = -1
                        exempt thread tid T: getppid real x20, then = -1
                        main thread tid T: getppid = -1 xN
                        fork
                        load = 0
                        getpid = 2222
                        child getppid = -1
                        clear
                        getppid real
                        stress loads 5000 failed 0
                        getpid = 1111 xN
                        getpid = 2222 xN
                        getppid = -1 xN
                        getppid = -2 xN
                        """);
    }

    /** The stress program: natively in the chroot, then under the library alone and with hooks. */
    @ParameterizedTest(name = "{0} (glibc {1})")
    @MethodSource("suites")
    void stressProgramPassesAsWithout(String suite, String expectedGlibc) throws IOException {
        Path rootfs = rootfs(suite);
        copyArtifactsInto(rootfs);

        ProgramRun.Result plain = inChroot(rootfs, List.of(inside + "/stress"), Map.of());
        assertThat(plain.exitCode()).as(plain.describe()).isZero();
        assertThat(plain.stdout()).as(plain.describe()).endsWith("stress: all passed\n");
        for (String preload : List.of(preload(), preload("passthrough"), preload("clone_hooks"))) {
            ProgramRun.Result stress = inChroot(rootfs, List.of(inside + "/stress"),
                    Map.of("LD_PRELOAD", preload, "SYSFAULT_TEST_CLONE_LOG", inside + "/clone.log"));
            assertThat(stress.exitCode()).as(stress.describe()).isZero();
            assertThat(stress.stdout()).as(stress.describe()).isEqualTo(plain.stdout());
        }
        List<String> cloneLog = Files.readAllLines(copied.resolve("clone.log"));
        assertThat(cloneLog).as("clone_hooks.so log in %s", suite)
                .anyMatch(line -> line.startsWith("child "))
                .anyMatch(line -> line.startsWith("parent "));
    }

    private static Path rootfs(String suite) {
        Optional<Path> dir = NativeBuild.rootfsDir();
        assumeTrue(dir.isPresent(), () -> "no root file systems at sysfault.rootfs.dir="
                + System.getProperty("sysfault.rootfs.dir") + "; make them with ci/make-rootfs.sh");
        Path rootfs = dir.get().resolve(suite);
        assumeTrue(Files.isRegularFile(rootfs.resolve(STAMP)), () -> rootfs
                + " is not a finished root file system (no " + STAMP + "); run ci/make-rootfs.sh " + suite);
        assumeTrue(isRoot(), "chroot needs root");
        return rootfs;
    }

    private static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private void copyArtifactsInto(Path rootfs) throws IOException {
        copied = Files.createTempDirectory(rootfs.resolve("tmp"), "sysfault-test-");
        inside = "/tmp/" + copied.getFileName();
        Files.createDirectories(copied.resolve("listed"));
        Files.writeString(copied.resolve("listed/a-file"), "listed\n");
        copy(NativeBuild.library(), "libsysfault.so");
        for (String name : List.of("stress", "libc_version", "control_api", "raw_syscalls", "raw_site_loop",
                "dlopen_site_loop", "libgetppid_padded.so", "libgetppid_unpadded.so", "passthrough.so",
                "getdents_enotsup.so", "clone_hooks.so")) {
            copy(NativeBuild.portable(name), name);
        }
    }

    private void copy(Path from, String name) throws IOException {
        Files.copy(from, copied.resolve(name), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.COPY_ATTRIBUTES);
    }

    private String preload(String... hooks) {
        StringBuilder value = new StringBuilder(inside + "/libsysfault.so");
        for (String hook : hooks) {
            value.append(' ').append(inside).append('/').append(hook).append(".so");
        }
        return value.toString();
    }

    /**
     * Runs a command in the chroot. LD_PRELOAD and the hooks' variables are set by env inside it:
     * set on the host, they would reach the host's chroot binary, whose loader cannot find them.
     */
    private static ProgramRun.Result inChroot(Path rootfs, List<String> command, Map<String, String> env) {
        List<String> full = new ArrayList<>(List.of("chroot", rootfs.toString(), "/usr/bin/env"));
        env.forEach((name, value) -> full.add(name + "=" + value));
        full.addAll(command);
        return ProgramRun.of(full).env("TMPDIR", "/tmp")
                .env("PATH", "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin").run();
    }

    private static void assertGlibcVersion(String actual, String expected) {
        if (expected.endsWith("+")) {
            Matcher m = Pattern.compile("2\\.(\\d+)").matcher(actual);
            assertThat(m.matches()).as("glibc version '%s'", actual).isTrue();
            assertThat(Integer.parseInt(m.group(1))).as("glibc minor version of '%s'", actual)
                    .isGreaterThanOrEqualTo(Integer.parseInt(expected.substring(2, expected.length() - 1)));
        } else {
            assertThat(actual).as("glibc version inside the chroot").isEqualTo(expected);
        }
    }
}
