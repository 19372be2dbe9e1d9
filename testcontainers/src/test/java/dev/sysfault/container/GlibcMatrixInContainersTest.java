// The same faults, traces and stress program in a container of each image of the glibc matrix.
package dev.sysfault.container;

import static dev.sysfault.junit.SyscallTraceAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sysfault.fault.Errno;
import dev.sysfault.fault.Fault;
import dev.sysfault.fault.trace.SyscallEvent;
import dev.sysfault.fault.trace.TraceOptions;
import dev.sysfault.run.ProcessResult;
import dev.sysfault.run.SyscallFaults;
import dev.sysfault.testsupport.NativeBuild;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.testcontainers.containers.Container.ExecResult;

/**
 * Each test runs in each image. The first proves which glibc the commands met: a matrix that ran on the
 * host (glibc 2.36) would fail it for three images of four.
 */
@RequiresDocker
class GlibcMatrixInContainersTest {

    private static final MatrixImages IMAGES = new MatrixImages();

    /** The stress program's stdout when everything passed: interceptor-native's src/test/c/progs/stress.expected. */
    private static final Pattern STRESS_STDOUT = stressStdout();

    private static Pattern stressStdout() {
        try {
            return Pattern.compile(Files.readString(NativeBuild.dir().resolve("../../src/test/c/progs/stress.expected")
                    .normalize()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Stream<MatrixImages.Image> images() {
        return MatrixImages.ALL.stream();
    }

    @AfterAll
    static void stopContainers() {
        IMAGES.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void commandsMeetTheImagesGlibcAndJava(MatrixImages.Image image) {
        SyscallFaultContainer container = IMAGES.container(image);

        try (ProcessResult libc = container.run(SyscallFaults.command(MatrixImages.PROGRAMS + "/libc_version")
                .trace(TraceOptions.all()))) {
            assertThat(libc.exitCode()).as(libc.toString()).isZero();
            String glibc = libc.stdout().strip();
            assertGlibc(glibc, image.glibc());
            assertThat(libc.trace()).as("the library recorded the program's calls").syscall("write").atLeastOnce();

            try (ProcessResult java = container.run(SyscallFaults.command("java", "-XshowSettings:properties",
                    "-version"))) {
                assertThat(java.exitCode()).as(java.toString()).isZero();
                Matcher version = Pattern.compile("(?m)^ *java\\.runtime\\.version = (.+)$").matcher(java.stderr());
                assertThat(version.find()).as(java.toString()).isTrue();
                System.out.printf("%s: glibc %s, java %s (under libsysfault.so)%n", image.name(), glibc,
                        version.group(1));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void lsFailsUnderGetdents64Enotsup(MatrixImages.Image image) {
        try (ProcessResult ls = IMAGES.container(image).run(SyscallFaults.command("ls", "/")
                .inject(Fault.on("getdents64").fail(Errno.ENOTSUP)).trace(TraceOptions.all()))) {

            assertThat(ls.exitCode()).as(ls.toString()).isEqualTo(2);
            assertThat(ls.stderr()).as(ls.toString()).isEqualTo("ls: reading directory '/': Operation not supported\n");
            assertThat(ls.stdout()).as(ls.toString()).isEmpty();
            assertThat(ls.trace()).syscall("getdents64").wasInjected().failedWith(Errno.ENOTSUP).atLeastOnce();
            assertThat(ls.ruleCounters().fired(0)).as(ls.toString()).isPositive();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void ddMeetsAnFsyncEio(MatrixImages.Image image) {
        try (ProcessResult dd = IMAGES.container(image).run(SyscallFaults.command("dd", "if=/dev/zero",
                "of=/tmp/dd.out", "bs=4096", "count=1", "conv=fsync", "status=none")
                .inject(Fault.on("fsync").fail(Errno.EIO)).trace(TraceOptions.all()))) {

            assertThat(dd.exitCode()).as(dd.toString()).isEqualTo(1);
            assertThat(dd.stderr()).as(dd.toString()).contains("fsync failed").contains("Input/output error");
            assertThat(dd.trace()).syscall("fsync").wasInjected().failedWith(Errno.EIO).once();
            assertThat(dd.trace()).syscall("write").withResult(4096).happenedBefore(
                    dev.sysfault.junit.SyscallSelection.syscall("fsync"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void aShortWriteIsWhatTheProgramSees(MatrixImages.Image image) {
        try (ProcessResult shortIo = IMAGES.container(image).run(SyscallFaults.command(
                MatrixImages.PROGRAMS + "/short_io", "/tmp/short.txt")
                .inject(Fault.on("write").fdPath("/tmp/short.txt").shortenTo(3)).trace(TraceOptions.all()))) {

            assertThat(shortIo.exitCode()).as(shortIo.toString()).isZero();
            assertThat(shortIo.stdout()).as(shortIo.toString()).isEqualTo("write returned 3\nread returned 3\n");
            assertThat(shortIo.trace()).syscall("write").wasInjected().withResult(3).once();
            assertThat(shortIo.ruleCounters().fired(0)).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void theStressProgramPassesAsWithoutTheLibrary(MatrixImages.Image image) throws Exception {
        SyscallFaultContainer container = IMAGES.container(image);
        String stress = MatrixImages.PROGRAMS + "/stress";
        ExecResult plain = container.execInContainer(stress);
        assertThat(plain.getExitCode()).as(plain.toString()).isZero();
        assertThat(plain.getStdout()).as(plain.toString()).matches(STRESS_STDOUT);

        try (ProcessResult faulted = container.run(SyscallFaults.command(stress)
                .trace(TraceOptions.syscalls("clone", "clone3", "vfork", "execve", "exit_group")))) {
            assertThat(faulted.exitCode()).as(faulted.toString()).isZero();
            assertThat(faulted.stdout()).as(faulted.toString()).isEqualTo(plain.getStdout());
            assertThat(faulted.stderr()).as(faulted.toString()).isEmpty();
            assertThat(faulted.trace().events().stream().map(SyscallEvent::pid).distinct().count())
                    .as("processes recorded into the one trace").isGreaterThan(20);
        }
    }

    private static void assertGlibc(String actual, String expected) {
        Matcher m = Pattern.compile("2\\.(\\d+)").matcher(actual);
        assertThat(m.matches()).as("glibc version '%s'", actual).isTrue();
        if (expected.endsWith("+")) {
            int minimum = Integer.parseInt(expected.substring(2, expected.length() - 1));
            assertThat(Integer.parseInt(m.group(1))).as("glibc minor version of '%s'", actual)
                    .isGreaterThanOrEqualTo(minimum);
        } else {
            assertThat(actual).isEqualTo(expected);
        }
    }
}
