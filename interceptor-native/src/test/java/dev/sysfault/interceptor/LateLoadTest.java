// libsysfault.so loaded by dlopen() into a running program with threads (a JVM through JNA): it patches nothing, says so, and the program runs on.
package dev.sysfault.interceptor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sysfault.fault.Errno;
import dev.sysfault.fault.Fault;
import dev.sysfault.fault.RuleTable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code late_dlopen} (src/test/c/progs) keeps a second thread calling getppid while it dlopen()s the
 * library, not preloaded. Patching glibc under that thread crashed it with SIGSEGV; the cache is
 * off, so that every start-up would plan and write the patches itself.
 */
class LateLoadTest {

    private static final String REFUSED = "sysfault: libsysfault.so was loaded into a running process with 2 threads"
            + " (by dlopen?); it patches only at start-up, through LD_PRELOAD: nothing is intercepted\n";

    @TempDir
    Path dir;

    private static ProgramRun lateDlopen(String... rules) {
        List<String> command = new ArrayList<>(List.of(NativeBuild.program("late_dlopen").toString(),
                NativeBuild.library().toString()));
        command.addAll(List.of(rules));
        return ProgramRun.of(command).env("SYSFAULT_CACHE_DIR", "");
    }

    @Test
    void nothingIsPatchedTheReasonIsReportedOnceAndTheProgramRunsOn() {
        ProgramRun.Result result = lateDlopen().run();

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout()).as(result.describe())
                .matches("syscall_hook_in_process_allowed\\(\\) = 0\ngetppid real x[1-9]\\d*\n");
        assertThat(result.stderr()).as(result.describe()).isEqualTo(REFUSED);
    }

    @Test
    void aRuleTableIsRefusedBecauseNoRuleWouldEverApply() throws IOException {
        Path rules = dir.resolve("getppid.rules");
        RuleTable.compile(List.of(Fault.on("getppid").fail(Errno.EPERM))).write(rules);

        ProgramRun.Result result = lateDlopen(rules.toString()).run();

        assertThat(result.exitCode()).as(result.describe()).isZero();
        List<String> lines = result.stdout().lines().toList();
        assertThat(lines).as(result.describe()).hasSize(3);
        assertThat(lines.get(1)).isEqualTo("load = -1: rule table " + rules
                + ": not loaded: this process is not intercepted (libsysfault.so was loaded into it while 2 threads ran)");
        assertThat(lines.get(2)).as("getppid was never faulted").matches("getppid real x[1-9]\\d*");
        assertThat(result.stderr()).as(result.describe()).isEqualTo(REFUSED);
    }

    @Test
    void strictModeExitsWithItsOwnStatusInsideDlopen() {
        ProgramRun.Result result = lateDlopen().env("SYSFAULT_STRICT", "1").run();

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(86);
        assertThat(result.stdout()).as(result.describe()).isEmpty();
        assertThat(result.stderr()).as(result.describe()).isEqualTo(REFUSED);
    }
}
