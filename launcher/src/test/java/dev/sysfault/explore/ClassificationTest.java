// The verdict on one explored run, against the fault-free run: the rules of issue 15 for a program.
package dev.sysfault.explore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ClassificationTest {

    private static final Observation BASELINE = run(0, false, "3 records\n", "", 0);

    private static Observation run(int exit, boolean timedOut, String stdout, String stderr, long fired) {
        return new Observation(exit, timedOut, stdout.getBytes(StandardCharsets.UTF_8),
                stderr.getBytes(StandardCharsets.UTF_8), fired);
    }

    @Test
    void aFaultThatNeverFiredSaysNothingWhateverTheProgramDid() {
        assertThat(Classification.of(run(139, false, "", "", 0), BASELINE, false)).isEqualTo(Outcome.NOT_FIRED);
    }

    @Test
    void eachOutcomeByTheIssuesRules() {
        assertThat(Classification.of(run(137, true, "", "", 1), BASELINE, false)).isEqualTo(Outcome.HANG);
        assertThat(Classification.of(run(128 + 11, false, "", "", 1), BASELINE, false)).isEqualTo(Outcome.CRASH);
        assertThat(Classification.of(run(1, false, "", "", 1), BASELINE, false)).isEqualTo(Outcome.REPORTED);
        assertThat(Classification.of(run(0, false, "3 records\n", "warning: retried\n", 1), BASELINE, false))
                .isEqualTo(Outcome.REPORTED);
        assertThat(Classification.of(run(0, false, "2 records\n", "", 1), BASELINE, false)).isEqualTo(Outcome.SILENT);
        assertThat(Classification.of(run(0, false, "3 records\n", "", 1), BASELINE, false))
                .isEqualTo(Outcome.RECOVERED);
    }

    @Test
    void whenTheFaultFreeRunsDisagreeAChangedStdoutIsNoEvidence() {
        assertThat(Classification.of(run(0, false, "2 records\n", "", 1), BASELINE, true)).isEqualTo(Outcome.RECOVERED);
    }

    @Test
    void whatHappenedIsSaidInAFewWords() {
        assertThat(Classification.describe(Outcome.CRASH, run(128 + 11, false, "", "", 1)))
                .isEqualTo("killed by SIGSEGV");
        assertThat(Classification.describe(Outcome.REPORTED, run(1, false, "", "cp: error writing 'b'\nmore\n", 1)))
                .isEqualTo("exit 1: cp: error writing 'b'");
        assertThat(Outcome.values()).filteredOn(Outcome::mishandled)
                .containsExactly(Outcome.CRASH, Outcome.HANG, Outcome.SILENT);
    }
}
