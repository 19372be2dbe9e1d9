// The walker lists a whole tree, and reports the directories it cannot open or list instead of stopping.
package dev.sysfault.samples.walk;

import static dev.sysfault.junit.SyscallTraceAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sysfault.fault.Errno;
import dev.sysfault.fault.trace.SyscallTrace;
import dev.sysfault.junit.InjectSyscallFault;
import dev.sysfault.samples.walk.WalkReport.Skipped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryWalkerTest {

    @TempDir
    Path tmp;

    Path library;

    @BeforeEach
    void makeALibrary() throws IOException {
        library = tmp.resolve("library");
        for (String file : new String[] {"docs/readme.txt", "docs/notes/todo.txt", "photos/beach.jpg",
                "photos/dog.jpg", "private/diary.txt", "music/song.mp3"}) {
            Path path = library.resolve(file);
            Files.createDirectories(path.getParent());
            Files.writeString(path, file);
        }
    }

    @Test
    void findsEveryFile() throws IOException {
        WalkReport report = DirectoryWalker.walk(library);

        assertThat(report.files()).map(Path::toString).containsExactly("docs/notes/todo.txt", "docs/readme.txt",
                "music/song.mp3", "photos/beach.jpg", "photos/dog.jpg", "private/diary.txt");
        assertThat(report.complete()).isTrue();
    }

    @Test
    @InjectSyscallFault(syscall = "getdents64", errno = "ENOTSUP", fdPath = "**/library/photos")
    void aDirectoryThatCannotBeListedIsReportedAndTheRestIsWalked(SyscallTrace trace) throws IOException {
        WalkReport report = DirectoryWalker.walk(library);

        assertThat(report.files()).map(Path::toString).containsExactly("docs/notes/todo.txt", "docs/readme.txt",
                "music/song.mp3", "private/diary.txt");
        assertThat(report.skipped()).containsExactly(new Skipped(Path.of("photos"), "Operation not supported"));
        assertThat(trace).syscall("getdents64").wasInjected().failedWith(Errno.ENOTSUP).once();
    }

    @Test
    @InjectSyscallFault(syscall = "getdents64", errno = "ENOTSUP", fdPath = "**/library")
    void aTreeWhoseTopCannotBeListedGivesAnEmptyReportNotACrash(SyscallTrace trace) throws IOException {
        WalkReport report = DirectoryWalker.walk(library);

        assertThat(report.files()).isEmpty();
        assertThat(report.skipped()).containsExactly(new Skipped(Path.of(""), "Operation not supported"));
        assertThat(trace).syscall("getdents64").wasInjected().once();
    }

    @Test
    @InjectSyscallFault(syscall = "openat", errno = "EACCES", path = "**/library/private")
    void aDirectoryThatCannotBeOpenedIsReportedAndTheRestIsWalked(SyscallTrace trace) throws IOException {
        WalkReport report = DirectoryWalker.walk(library);

        assertThat(report.files()).map(Path::toString).containsExactly("docs/notes/todo.txt", "docs/readme.txt",
                "music/song.mp3", "photos/beach.jpg", "photos/dog.jpg");
        assertThat(report.skipped()).containsExactly(new Skipped(Path.of("private"), "Permission denied"));
        assertThat(trace).syscall("openat").withPath(library.resolve("private")).failedWith(Errno.EACCES).once();
    }

    @Test
    @InjectSyscallFault(syscall = "openat", errno = "EACCES", path = "**/library/private")
    void filesWalkWouldStopAtTheFirstUnreadableDirectory(SyscallTrace trace) {
        assertThatThrownBy(() -> {
            try (Stream<Path> files = Files.walk(library)) {
                files.count();
            }
        }).isInstanceOf(UncheckedIOException.class).hasCauseInstanceOf(AccessDeniedException.class);
        assertThat(trace).syscall("openat").wasInjected().once();
    }
}
