// The SPEC fuzzer: a fixed number of generated SPECs, each read back or refused with one short line.
package dev.sysfault.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sysfault.fault.internal.UserInput;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A budget of cases, not of time, so every machine does the same work and a failure names the seed and
 * case that repeat it. {@code -Dsysfault.fuzz.cases=N -Dsysfault.fuzz.seed=S} run more, or other, cases.
 */
class SpecFuzzTest {

    /** The longest message a refused SPEC may give: a terminal line or two, whatever the SPEC's size. */
    static final int MAX_MESSAGE = 700;

    private static final long SEED = Long.getLong("sysfault.fuzz.seed", 20261207L);
    private static final int CASES = Integer.getInteger("sysfault.fuzz.cases", 10_000);

    @Test
    void everySpecIsReadBackOrRefusedWithOneShortLine() {
        Random random = new Random(SEED);
        int accepted = 0;
        for (int i = 0; i < CASES; i++) {
            String spec = SpecGenerator.spec(random);
            String which = "case " + i + " of seed " + SEED + ", SPEC " + UserInput.quote(spec);
            Fault fault;
            try {
                fault = Fault.parse(spec);
            } catch (FaultSpecException e) {
                assertOneShortLine(e.getMessage(), which);
                continue;
            } catch (RuntimeException | StackOverflowError e) {
                throw new AssertionError(which + " threw " + e, e);
            }
            accepted++;
            assertThat(Fault.parse(fault.toSpec())).as(which).isEqualTo(fault);
            assertThat(RuleTable.read(RuleTable.compile(List.of(fault)).bytes()).rules()).as(which).hasSize(1);
        }
        // A generator that makes only mistakes would test only the refusals.
        assertThat(accepted).as("SPECs accepted").isGreaterThan(CASES / 50);
    }

    /** Found by the fuzzer (seed 35263166927648, case 33852): a percentage printed, read back, printed otherwise. */
    @Test
    void aShortenedCallsPercentagePrintsTheSameOnceReadBack() {
        for (String spec : List.of("write:short=55%", "read:short=0.55", "write:short=33.3%", "read:short=0.1",
                "write:short=100%", "read:short=0.000001")) {
            String printed = Fault.parse(spec).toSpec();
            assertThat(Fault.parse(printed).toSpec()).as(spec).isEqualTo(printed);
        }
        assertThat(Fault.parse("write:short=55%").toSpec()).isEqualTo("write:short=55%");
        assertThat(Fault.parse("read:short=0.5").toSpec()).isEqualTo("read:short=50%");
    }

    static void assertOneShortLine(String message, String which) {
        assertThat(message).as(which).isNotBlank().hasSizeLessThanOrEqualTo(MAX_MESSAGE)
                .doesNotContain("\n", "\r", "\u2028", "\u2029", "\u0085", "\0");
    }
}
