// A syscall name or annotation value of any length comes back in a message of one short line.
package dev.sysfault.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LongNamesInMessagesTest {

    @Test
    void aHugeUnknownSyscallNameIsElidedAndStillGetsSuggestions() {
        String name = "opneat" + "\n".repeat(100_000);
        assertThatThrownBy(() -> SyscallSelection.syscall(name)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown syscall \"opneat\\n\\n")
                .hasMessageContaining("[... ")
                .hasMessageContaining("did you mean openat")
                .hasMessageNotContaining("\n")
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(400));
    }
}
