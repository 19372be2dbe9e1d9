// Configuration parameters that are numbers: the digits 0-9 only, and a refusal that quotes the value on one short line.
package dev.sysfault.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

class WorkerSettingsNumbersTest {

    private static WorkerSettings with(String name, String value) {
        return WorkerSettings.from(n -> n.equals(name) ? Optional.of(value) : Optional.empty());
    }

    @Test
    void digitsOfOtherScriptsAreNoNumbers() {
        // Arabic-Indic 65536 and fullwidth 30: Long.parseLong reads both.
        assertThatThrownBy(() -> with(WorkerSettings.TRACE_CAPACITY, "\u0666\u0665\u0665\u0663\u0666"))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("configuration parameter sysfault.trace.capacity=\u0666\u0665\u0665\u0663\u0666 is not a"
                        + " number of events from 16 to 16777216");
        assertThatThrownBy(() -> with(WorkerSettings.TIMEOUT, "\uff13\uff10s"))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("is not a duration like 30s");
    }

    @Test
    void asciiNumbersStillWork() {
        assertThat(with(WorkerSettings.TRACE_CAPACITY, "65536").traceCapacity()).isEqualTo(65536);
        assertThat(with(WorkerSettings.TIMEOUT, "30s").timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(with(WorkerSettings.TIMEOUT, "PT2M").timeout()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void aHugeValueIsElidedInTheMessage() {
        assertThatThrownBy(() -> with(WorkerSettings.TRACE_CAPACITY, "9".repeat(100_000)))
                .isInstanceOf(ExtensionConfigurationException.class)
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(300).contains("[... "));
    }
}
