// Traces this module's test writer makes (java-traces/NAME.trace, byte for byte) print as NAME.strace and NAME.summary.
package dev.sysfault.fault.trace;

import static dev.sysfault.fault.trace.TraceWriter.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sysfault.fault.Errno;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The C side can read the same .trace files with its own reader. After a deliberate change, regenerate with
 * {@code -Dsysfault.golden.update=true} and review the diff.
 */
class JavaTracesTest {

    static final Path DIR = GoldenTraces.TEST_RESOURCES.resolve("java-traces");
    private static final long AT_FDCWD = -100;

    interface Program {
        void run(TraceWriter w);
    }

    record Scenario(TraceOptions options, Program program) {
    }

    private static final Map<String, Scenario> SCENARIOS = new LinkedHashMap<>();

    static {
        SCENARIOS.put("files", new Scenario(TraceOptions.all().capacity(32), w -> {
            long t = 5_000_000;
            w.record(call("openat").at(t++).args(AT_FDCWD, 0x4000, 02000000).path(1, "/etc/hosts")
                    .fails(Errno.ENOENT).injected(0));
            w.record(call("openat").at(t++).args(AT_FDCWD, 0x4010, 02000000).path(1, "/etc/passwd").returns(3).rule(0));
            w.record(call("newfstatat").at(t++).args(3, 0x4020, 0x7ffc1000, 0x1000).path(1, "").returns(0));
            w.record(call("read").at(t++).args(3, 0x7f0000001000L, 4096).returns(1024));
            w.record(call("read").at(t++).args(3, 0x7f0000001000L, 4096).returns(0));
            w.record(call("lseek").at(t++).args(3, 0, 0).returns(0));
            w.record(call("close").at(t++).args(3).returns(0));
            w.record(call("openat").at(t++).args(AT_FDCWD, 0x4030, 02204000).path(1, "/data").returns(4));
            w.record(call("getdents64").at(t++).args(4, 0x5000, 32768).fails(Errno.ENOTSUP).injected(1));
            w.record(call("openat").at(t++).args(AT_FDCWD, 0x4040, 01101, 0644).path(1, "/tmp/a \"quoted\"\tname\n")
                    .returns(5));
            w.record(call("write").at(t++).args(5, 0x6000, 100).returns(50).injected(2));
            w.record(call("fsync").at(t++).args(5).fails(Errno.EIO).injected(3));
            w.record(call("openat").at(t++).args(AT_FDCWD, 0x4050, 0).path(1, "/" + "long/".repeat(40))
                    .fails(Errno.ENOENT));
            w.record(call("openat").at(t++).args(AT_FDCWD, 1, 0).unreadablePath(1).fails(Errno.EFAULT));
            w.record(call("unlinkat").at(t++).args(AT_FDCWD, 0x4060, 0x200).path(1, "caf\u00e9").returns(0));
            w.record(call("mmap").at(t++).args(0, 8192, 3, 0x22, -1, 0).returns(0x7f2a00000000L));
            w.record(call("munmap").at(t++).args(0x7f2a00000000L, 8192).returns(0));
            w.record(call("exit_group").at(t).args(0).noReturn());
        }));
        // each thread its own block of numbers (0.., 16.., 32..): listed by when they were recorded
        SCENARIOS.put("threads", new Scenario(TraceOptions.all().capacity(64), main -> {
            TraceWriter thread = main.thread();
            TraceWriter child = main.thread();
            main.record(call("clone").thread(200, 200).at(10).args(0x3d0f00, 0x7f0000ff0L, 0x7f01, 0x7f02, 0x7f03)
                    .returns(201));
            thread.record(call("getppid").thread(200, 201).at(11).returns(1));
            thread.record(call("socket").thread(200, 201).at(12).args(2, 0x80001, 0).returns(3));
            thread.record(call("connect").thread(200, 201).at(13).args(3, 0x1000, 16).fails(Errno.ECONNREFUSED)
                    .injected(0));
            main.record(call("clone").thread(200, 200).at(14).args(0x1200011, 0, 0, 0x7f04, 0).returns(300));
            child.record(call("execve").thread(300, 300).at(15).args(0x2000, 0x3000, 0x4000).path(0, "/bin/missing")
                    .fails(Errno.ENOENT));
            child.record(call("exit_group").thread(300, 300).at(16).args(127).noReturn());
            main.record(call("rt_sigreturn").thread(200, 200).at(17).noReturn());
            thread.record(call("getrandom").thread(200, 201).at(18).args(0x1000, 16, 1).returns(16));
        }));
        SCENARIOS.put("wrapped", new Scenario(TraceOptions.all().capacity(16), w -> {
            for (int i = 0; i < 20; i++) {
                w.record(call(i % 2 == 0 ? "read" : "write").at(i).args(3, 0x1000, 1)
                        .returns(i % 5 == 0 ? -Errno.EINTR.number() : 1));
            }
        }));
    }

    @TempDir
    Path tmp;

    @TestFactory
    Stream<DynamicTest> everyScenarioWritesItsTraceAndPrintsAsExpected() {
        return SCENARIOS.entrySet().stream().map(s -> DynamicTest.dynamicTest(s.getKey(), () -> check(s.getKey(),
                s.getValue())));
    }

    private void check(String name, Scenario scenario) throws IOException {
        Path made = TraceFile.create(tmp.resolve(name + ".trace"), scenario.options());
        scenario.program().run(TraceWriter.open(made));
        Path golden = DIR.resolve(name + ".trace");
        if (Boolean.getBoolean("sysfault.golden.update")) {
            Files.createDirectories(DIR);
            Files.copy(made, golden, StandardCopyOption.REPLACE_EXISTING);
            var events = SyscallTrace.open(made).events();
            Files.writeString(GoldenTraces.sibling(golden, ".strace"), StracePrinter.print(events));
            Files.writeString(GoldenTraces.sibling(golden, ".summary"), TraceSummary.of(events).toString());
        }
        assertThat(golden).as("golden trace; create it with -Dsysfault.golden.update=true").exists();
        assertThat(Files.readAllBytes(made)).as("bytes of %s", name).isEqualTo(Files.readAllBytes(golden));
        GoldenTraces.check(golden);
    }
}
