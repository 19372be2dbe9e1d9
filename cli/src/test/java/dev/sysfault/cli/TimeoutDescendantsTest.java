// `sysfault run --timeout` stops every process of the command, the ones it double-forked and orphaned included.
package dev.sysfault.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimeoutDescendantsTest {

    /**
     * The W2: bash ignores SIGTERM, and `(sleep &)` has left bash's tree. The sleep's output goes
     * elsewhere, or the run would end only when the sleep closes it.
     */
    @Test
    void theTimeoutEndsADoubleForkedSleep(@TempDir Path tmp) throws Exception {
        Sysfault.Result r = Sysfault.main("run", "--timeout", "1s", "--", "bash", "-c",
                "(sleep 600 >/dev/null 2>&1 & echo $! > daemon.tmp; mv daemon.tmp daemon.pid); trap '' TERM;"
                        + " while :; do sleep 1; done")
                .in(tmp).run();

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(Main.TIMED_OUT);
        // Only a machine too slow to start bash within the second leaves nothing to check.
        assumeThat(tmp.resolve("daemon.pid")).as("the sleep was started before the timeout").exists();
        long daemon = Long.parseLong(Files.readString(tmp.resolve("daemon.pid")).trim());
        await().atMost(Duration.ofSeconds(60)).until(() -> ProcessHandle.of(daemon).isEmpty());
    }
}
