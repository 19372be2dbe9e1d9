// Bad numbers, durations and names in a SPEC: each refused with one short line that says what to write instead.
package dev.sysfault.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sysfault.fault.internal.UserInput;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SpecInputErrorsTest {

    /** Arabic-Indic three, fullwidth seven, Devanagari one: Character.isDigit says yes, strace says no. */
    @ParameterizedTest
    @ValueSource(strings = {"write:retval=\u0663", "write:error=\uff17", "read:error=EIO:times=\u0967",
            "read:error=EIO:when=\u0663+", "\u0663:error=EIO", "read:signal=\uff11\uff10",
            "read:delay_enter=\u0663ms", "read:error=EIO:probability=0.\u0663", "write:short=\u0663",
            "read:error=EIO:arg=\u0660,eq,1", "read:error=EIO:arg=0,eq,\u0661", "read:error=EIO:probability=0.5:seed=\u0663"})
    void onlyAsciiDigitsAreNumbers(String spec) {
        assertThatThrownBy(() -> Fault.parse(spec)).isInstanceOf(FaultSpecException.class)
                .hasMessageContaining("in SPEC \"" + spec + "\"")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aDigitOfAnotherScriptIsNamed() {
        assertThatThrownBy(() -> Fault.parse("write:retval=\u0663"))
                .hasMessage("in SPEC \"write:retval=\u0663\", value \"\u0663\" of retval= at position 13: '\u0663' is not"
                        + " one of the digits 0-9, the only ones strace and sysfault read; write retval=0 or retval=-1");
    }

    static Stream<Arguments> tooLarge() {
        return Stream.of(
                Arguments.of("read:error=99999999999999999999", "the largest errno is 4095"),
                Arguments.of("read:error=4096", "the largest errno is 4095"),
                Arguments.of("read:retval=18446744073709551616", "the largest return value is 18446744073709551615"),
                Arguments.of("read:retval=0x10000000000000000", "the largest return value is 18446744073709551615"),
                Arguments.of("read:error=EIO:times=2147483648", "the largest times is 2147483647"),
                Arguments.of("read:error=EIO:when=1..99999999999", "the largest call number is 2147483647"),
                Arguments.of("99999999999:error=EIO", "the largest syscall number is 2147483647"),
                Arguments.of("read:signal=99999999999999999999", "the largest signal is 64"),
                Arguments.of("read:error=EIO:probability=0.5:seed=18446744073709551616", "the largest seed is"
                        + " 18446744073709551615"));
    }

    @ParameterizedTest
    @MethodSource("tooLarge")
    void aNumberTooLargeIsCalledTooLargeWithTheLargestAccepted(String spec, String largest) {
        assertThatThrownBy(() -> Fault.parse(spec)).isInstanceOf(FaultSpecException.class)
                .hasMessageContaining("a number too large: " + largest)
                .hasMessageNotContaining("not a number");
    }

    @Test
    void theLargestNumbersAreAccepted() {
        assertThat(Fault.parse("read:retval=18446744073709551615").toRule().retval()).isEqualTo(-1);
        assertThat(Fault.parse("read:retval=01777777777777777777777").toRule().retval()).isEqualTo(-1);
        assertThat(Fault.parse("read:error=0004095").toSpec()).isEqualTo("read:error=4095");
        assertThat(Fault.parse("read:error=EIO:probability=0.5:seed=18446744073709551615").toSpec())
                .endsWith(":seed=18446744073709551615");
    }

    /** Every form of number strace's strtod reads: one line, never an ArithmeticException or a stack trace. */
    @ParameterizedTest
    @ValueSource(strings = {"1e-2147483647", "1e2147483647", "1e-99999999999999999999", "1E+99999999999",
            "1.5e-7s", "9e9999ms", ".5e-1000000ns"})
    void anyExponentIsOneLine(String delay) {
        assertThatThrownBy(() -> Fault.parse("read:delay_enter=" + delay)).isInstanceOf(FaultSpecException.class)
                .hasMessageStartingWith("in SPEC \"read:delay_enter=" + delay + "\", value \"" + delay + "\" of"
                        + " delay_enter= at position 17: ")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aDelayBelowTheMicrosecondsTheTableKeepsIsRefusedWithTheShortest() {
        assertThatThrownBy(() -> Fault.parse("read:delay_enter=1e-2147483647"))
                .hasMessageEndingWith("shorter than 1us, the shortest delay sysfault keeps: write delay_enter=1us or"
                        + " more, or delay_enter=0 for none");
        assertThatThrownBy(() -> Fault.parse("read:delay_exit=999ns")).hasMessageContaining("shorter than 1us");
        assertThatThrownBy(() -> Fault.on("read").delay(Duration.ofNanos(999)))
                .hasMessageContaining("shorter than 1 microsecond").hasMessageContaining("Duration.ofNanos(1000)");
        assertThat(Fault.parse("read:delay_enter=1000ns").toRule().delayEnterUs()).isEqualTo(1);
        assertThat(Fault.parse("read:delay_enter=0e-99999").toRule().delayEnterUs()).isZero();
        assertThat(Fault.on("read").delay(Duration.ZERO).toRule().delayEnterUs()).isZero();
    }

    @Test
    void aHugeUnknownNameGetsItsSuggestionsAndAShortMessage() {
        String name = "getdents65" + "x".repeat(100_000);
        assertThatThrownBy(() -> Fault.parse(name + ":error=EIO")).isInstanceOf(FaultSpecException.class)
                .hasMessageContaining("did you mean ")
                .hasMessageContaining("[... ")
                .hasMessageNotContaining("x".repeat(UserInput.KEPT + 1))
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(700));
        assertThat(SyscallTable.closest(name, 3)).isEqualTo(SyscallTable.closest(name.substring(0, 64), 3));
    }

    @Test
    void aHugeSpecIsElidedAroundTheMistake() {
        String spec = "openat:path=/" + "a".repeat(300_000) + ":errr=EIO";
        assertThatThrownBy(() -> Fault.parse(spec)).isInstanceOf(FaultSpecException.class)
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(700)
                        .startsWith("in SPEC \"[... 299962 characters ...]aaa")
                        .contains("aaa:errr=EIO\", key \"errr\" at position 300014: unknown key"));
    }

    @Test
    void aNewlineInASpecIsShownEscapedOnTheMessagesOneLine() {
        assertThatThrownBy(() -> Fault.parse("read:error=EIO\nX")).isInstanceOf(FaultSpecException.class)
                .hasMessageContaining("\"read:error=EIO\\nX\"")
                .hasMessageNotContaining("\n");
    }
}
