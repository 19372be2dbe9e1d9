// With copies, the library goes into the engine once: a second container finds it in its volume, faults work in both.
package dev.sysfault.container;

import static dev.sysfault.junit.SyscallTraceAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sysfault.fault.Errno;
import dev.sysfault.fault.Fault;
import dev.sysfault.fault.trace.TraceOptions;
import dev.sysfault.run.ProcessResult;
import dev.sysfault.run.SyscallFaults;
import dev.sysfault.testsupport.NativeBuild;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;

@RequiresDocker
class LibraryVolumeTest {

    private static final String IMAGE = "sysfault/debian:bookworm";

    @Test
    void aSecondContainerFindsTheLibraryInTheEngineAndCopiesNothing(@TempDir Path dir) throws Exception {
        assumeTrue(DockerEngine.hasImage(IMAGE), IMAGE + " is not built; ci/make-images builds it");
        // A library no earlier run has copied: the build's, with bytes after its end, which the loader ignores.
        Path library = dir.resolve("libsysfault.so");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(Files.readAllBytes(NativeBuild.library()));
        bytes.write(UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII));
        Files.write(library, bytes.toByteArray());
        String volume = null;
        try {
            String firstCopy;
            try (var first = new SyscallFaultContainer(IMAGE).withLibrary(library).withFileSharing(FileSharing.COPY)) {
                listingFails(first);
                volume = first.libraryVolume().orElseThrow();
                assertThat(first.copiedLibrary()).as("the first container copies the library").isTrue();
                firstCopy = inodeAndChangeTime(first);
            }
            try (var second = new SyscallFaultContainer(IMAGE).withLibrary(library).withFileSharing(FileSharing.COPY)) {
                listingFails(second);
                assertThat(second.libraryVolume()).contains(volume);
                assertThat(second.copiedLibrary()).as("the second container copies the library").isFalse();
                assertThat(inodeAndChangeTime(second)).as("the library file the second container sees")
                        .isEqualTo(firstCopy);
            }
        } finally {
            if (volume != null) {
                DockerClientFactory.instance().client().removeVolumeCmd(volume).exec();
            }
        }
    }

    private static void listingFails(SyscallFaultContainer container) {
        try (ProcessResult r = container.run(SyscallFaults.command("ls", "/")
                .inject(Fault.on("getdents64").fail(Errno.ENOTSUP)).trace(TraceOptions.all()))) {
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
            assertThat(r.trace()).syscall("getdents64").wasInjected().atLeastOnce();
        }
    }

    /** The inode and change time (to the nanosecond) of the library: a new copy changes them. */
    private static String inodeAndChangeTime(SyscallFaultContainer container) throws Exception {
        var stat = container.execInContainer("stat", "-c", "%i %z", container.libraryPathInContainer());
        assertThat(stat.getExitCode()).as(stat.getStderr()).isZero();
        return stat.getStdout().strip();
    }
}
