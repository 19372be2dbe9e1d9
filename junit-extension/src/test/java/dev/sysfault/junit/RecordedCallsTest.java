// Programs under libsysfault.so make known calls (16 threads and a forked child) and the trace holds exactly those.
package dev.sysfault.junit;

import static dev.sysfault.junit.SyscallSelection.syscall;
import static dev.sysfault.junit.SyscallTraceAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.sysfault.fault.Errno;
import dev.sysfault.fault.trace.StracePrinter;
import dev.sysfault.fault.trace.SyscallEvent;
import dev.sysfault.fault.trace.SyscallTrace;
import dev.sysfault.fault.trace.TraceOptions;
import dev.sysfault.junit.programs.SyncedWrite;
import dev.sysfault.run.ProcessResult;
import dev.sysfault.testsupport.NativeBuild;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordedCallsTest {

    static final int THREADS = 16;
    static final int WRITES = 5;
    static final int BYTES = 100;

    @TempDir
    Path tmp;

    /** trace_threads: what each thread printed about itself. */
    record Actor(int index, int tid, int fd) {
    }

    @Test
    void sixteenThreadsAndAForkedChildLeaveExactlyTheirCallsInPerThreadOrderWithNoneLost() throws IOException {
        Path files = Files.createDirectory(tmp.resolve("files"));
        ProcessResult run = NativeBuild.traced(TraceOptions.all(), NativeBuild.program("trace_threads"),
                files.toString(), Integer.toString(THREADS), Integer.toString(WRITES), Integer.toString(BYTES)).run();

        assertThat(run.exitCode()).as(run.toString()).isZero();
        Map<Integer, Actor> threads = new LinkedHashMap<>();
        Matcher m = Pattern.compile("thread (\\d+) tid (\\d+) fd (\\d+)").matcher(run.stdout());
        while (m.find()) {
            Actor a = new Actor(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            threads.put(a.index(), a);
        }
        Matcher c = Pattern.compile("child pid (\\d+)").matcher(run.stdout());
        assertThat(threads).as(run.toString()).hasSize(THREADS);
        assertThat(c.find()).as(run.toString()).isTrue();
        int parent = (int) run.pid();
        int child = Integer.parseInt(c.group(1));

        SyscallTrace trace = run.trace();
        String dump = StracePrinter.print(trace.events());
        assertThat(trace).as("trace:\n%s", dump).hasNoLostEvents();

        for (Actor a : threads.values()) {
            String path = files.resolve("thread-" + a.index() + ".dat").toString();
            assertThat(trace).as("thread %d", a.index()).anySyscall().withPath(path).once();
            assertThat(trace).as("thread %d", a.index()).syscall("openat", "write", "close")
                    .inThread(a.tid()).calls()
                    .allSatisfy(e -> assertThat(e.pid()).isEqualTo(parent))
                    .extracting(SyscallEvent::name, e -> (int) e.arg(0), SyscallEvent::result, e -> e.path().orElse(null))
                    .containsExactlyElementsOf(fileSequence(path, a.fd()));
        }

        String childPath = files.resolve("child.dat").toString();
        SyscallEvent childOpen = trace.events().stream()
                .filter(syscall("openat").withPath(childPath)).findFirst().orElseThrow(() ->
                        new AssertionError("no openat of " + childPath + " in\n" + dump));
        assertThat(childOpen.pid()).as("the child's openat is recorded with the child's pid").isEqualTo(child);
        assertThat(childOpen.tid()).isEqualTo(child);
        assertThat(trace).syscall("openat", "write", "close").inProcess(child).calls()
                .allSatisfy(e -> assertThat(e.tid()).isEqualTo(child))
                .extracting(SyscallEvent::name, e -> (int) e.arg(0), SyscallEvent::result, e -> e.path().orElse(null))
                .containsExactlyElementsOf(fileSequence(childPath, (int) childOpen.result()));
        assertThat(trace).syscall("exit_group").inProcess(child).once();
        // as strace shows them: fork's clone once, in the parent; no clone3 return in a new thread. Where a seccomp
        // filter answers clone3 with ENOSYS (Docker 20.10's default profile), glibc makes every thread with clone.
        int byClone = trace.events().stream().anyMatch(syscall("clone3").failedWith(Errno.ENOSYS)) ? THREADS : 0;
        assertThat(trace).syscall("clone").inProcess(parent).withResult(child).once();
        assertThat(trace).syscall("clone").inThread(parent).times(1 + byClone);
        assertThat(trace).syscall("clone").times(1 + byClone);
        assertThat(trace).syscall("clone3").inThread(parent).succeeded().times(THREADS - byClone);
        assertThat(trace).syscall("clone3").succeeded().times(THREADS - byClone);

        // and nothing else touched the files: one openat each, by the one that owns it
        assertThat(trace).anySyscall().withPathMatching(files + "/*").times(THREADS + 1);
    }

    @Test
    void badPathPointersGetEfaultWithoutACrashAndTheTraceSaysThePathWasUnreadable() throws IOException {
        badPathPointers(NativeBuild.traced(TraceOptions.all(), NativeBuild.program("trace_bad_pointer")).run());
    }

    /** Docker's default seccomp profile refuses process_vm_readv to a container without CAP_SYS_PTRACE. */
    @Test
    void theSameWhereProcessVmReadvIsRefusedAsInADockerContainer() throws IOException {
        badPathPointers(NativeBuild.traced(TraceOptions.all(), NativeBuild.program("seccomp_deny"), "vm-readv",
                NativeBuild.program("trace_bad_pointer").toString()).run());
    }

    private static void badPathPointers(ProcessResult run) throws IOException {

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stderr()).as(run.toString()).isEmpty();
        Map<String, Long> pointers = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^(\\w+) 0x([0-9a-f]+) = ").matcher(run.stdout());
        while (m.find()) {
            pointers.put(m.group(1), Long.parseUnsignedLong(m.group(2), 16));
        }
        assertThat(pointers).as(run.toString()).containsOnlyKeys("low", "unmapped", "prot_none", "page_end",
                "long", "good");

        SyscallTrace trace = run.trace();
        assertThat(trace).hasNoLostEvents();
        for (String bad : List.of("low", "unmapped", "prot_none", "page_end")) {
            assertThat(trace).as(bad).syscall("openat").withArg(1, pointers.get(bad))
                    .failedWith(Errno.EFAULT).withUnreadablePath().once();
        }
        assertThat(trace).syscall("openat").withUnreadablePath().times(4);
        assertThat(trace).syscall("openat").withArg(1, pointers.get("long")).failedWith(Errno.ENOENT)
                .withTruncatedPath().calls().singleElement()
                .satisfies(e -> assertThat(e.path()).hasValue("/nonexistent/" + "a".repeat(148 - 13)));
        assertThat(trace).syscall("openat").withPath("/dev/null").succeeded().once();

        // a failing assertion on a real trace: the expected call, then the real one nearest to it
        assertThatThrownBy(() -> assertThat(trace).syscall("openat").withPath("/dev/null")
                .failedWith(Errno.ENOENT).once())
                .hasMessageContaining("Expecting exactly 1 call of\n"
                        + "  openat(…, \"/dev/null\", …) = -1 ENOENT (No such file or directory)\n"
                        + "but the trace holds none")
                // the pid as strace pads it (five wide), so that a short pid in a container matches too
                .hasMessageContaining("Nearest recorded calls:\n  " + String.format("[pid %5d]", run.pid())
                        + " openat(AT_FDCWD, \"/dev/null\", O_RDONLY) = 3\n      (missed: failed with ENOENT)");
    }

    @Test
    void aJvmWritingAndSyncingAFileShowsItsOpenatWriteFsyncAndClose() throws IOException {
        Path file = tmp.resolve("synced.dat");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto", "-XX:+UseSerialGC", "-cp", testClasses(), SyncedWrite.class.getName(),
                file.toString(), "4096");

        ProcessResult run = NativeBuild.traced(TraceOptions.all(), command).run();

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stdout()).isEqualTo("wrote 4096\n");
        SyscallTrace trace = run.trace();
        assertThat(trace).hasNoLostEvents();
        assertThat(trace).syscall("openat").withPath(file).succeeded().once();
        SyscallEvent open = trace.events().stream().filter(syscall("openat").withPath(file)).findFirst().orElseThrow();
        int fd = (int) open.result();
        // the JVM's other threads reuse the descriptor once it is closed: only this thread's calls
        // after the openat, up to the first close, are about the file
        SyscallSelection onTheFile = SyscallSelection.anySyscall().inProcess(run.pid()).inThread(open.tid())
                .withFd(fd).matching("after the openat of the file", e -> e.sequence() > open.sequence());
        long closed = trace.events().stream().filter(onTheFile).filter(syscall("close")).findFirst()
                .orElseThrow(() -> new AssertionError("no close(" + fd + ") after the openat")).sequence();

        assertThat(trace).calls(onTheFile.matching("up to its close", e -> e.sequence() <= closed)).calls()
                .extracting(SyscallEvent::name, SyscallEvent::result)
                .containsExactly(tuple("write", 4096L), tuple("fsync", 0L), tuple("close", 0L));
        assertThat(trace).syscall("write").inThread(open.tid()).withFd(fd).withResult(4096).once()
                .happenedBefore(syscall("fsync").inThread(open.tid()).withFd(fd));
        assertThat(trace).syscall("fsync").inProcess(run.pid()).withFd(fd).succeeded().once();
    }

    private static String testClasses() {
        try {
            return Path.of(SyncedWrite.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * openat(AT_FDCWD, path) = fd, WRITES × write(fd, …, BYTES) = BYTES, close(fd) = 0, as (name, arg0, result,
     * path); arg0 as the C int the kernel reads (glibc leaves AT_FDCWD zero-extended in the register).
     */
    private static List<Tuple> fileSequence(String path, int fd) {
        List<Tuple> calls = new ArrayList<>();
        calls.add(tuple("openat", -100, (long) fd, path));
        for (int i = 0; i < WRITES; i++) {
            calls.add(tuple("write", fd, (long) BYTES, null));
        }
        calls.add(tuple("close", fd, 0L, null));
        return calls;
    }
}
