// `sysfault run` warns on stderr about an --inject SPEC that never fired, and keeps the command's exit status.
package dev.sysfault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnfiredFaultWarningTest {

    @TempDir
    Path dir;

    @Test
    void aSpecThatNeverFiredIsNamedWithTheCallsTheCommandMadeInstead() {
        Sysfault.Result r = Sysfault.main("run", "--inject", "fsync:error=EIO", "--inject", "getdents64:error=EIO",
                "--", "sqlite3", "app.db", "CREATE TABLE t(x); INSERT INTO t VALUES (1);").in(dir).run();

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).as(r.toString()).isEmpty();
        assertThat(r.stderr().lines()).as(r.toString()).hasSize(2)
                .satisfiesExactly(
                        fsync -> assertThat(fsync).startsWith("sysfault: warning: --inject fsync:error=EIO never"
                                + " fired: it matched no call. The command made no fsync; it made fdatasync ×")
                                .containsPattern("fdatasync ×\\d+ on .*/app\\.db"),
                        getdents -> assertThat(getdents).isEqualTo("sysfault: warning: --inject getdents64:error=EIO"
                                + " never fired: it matched no call. The command made no getdents64 and none of the"
                                + " calls like it (getdents)."));
    }

    @Test
    void aSpecThatFiredIsNotWarnedAbout() throws Exception {
        Files.writeString(dir.resolve("notes.txt"), "synced\n");
        Sysfault.Result r = Sysfault.main("run", "--inject", "fsync:error=EIO", "--", "sync", "notes.txt").in(dir)
                .run();

        assertThat(r.stderr()).as(r.toString()).isEqualTo("sync: error syncing 'notes.txt': Input/output error\n");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    }
}
