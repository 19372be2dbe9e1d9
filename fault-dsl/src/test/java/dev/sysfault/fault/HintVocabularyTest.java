// A mistake is explained in the notation it was written in: SPEC keys for a SPEC, methods for the DSL.
package dev.sysfault.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HintVocabularyTest {

    /** No DSL method call ({@code when(1)}, {@code shortenToFraction(1.5)}) in a hint about a SPEC. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "read:error=EIO:when=0        | write when=1 for the first call",
        "read:error=EIO:when=5..3     | write when=3..5",
        "read:short=1.5               | short=150% is outside (0, 1]; write short=50% for half the bytes, or short=0",
        "read:error=EIO:times=0       | times=0: a fault fires at least once; leave times= out",
        "fsync:error=EIO:path=/x      | path=/x needs a syscall with a path argument, and fsync has none; match the"
                + " descriptor's path with fd_path=/x instead",
        "fsync:error=EIO:retval=0     | error=EIO and retval=0; a call can fail, return a value, be shortened or black-holed, not"
                + " two of them: write two faults with different when= ranges",
        "read:error=EIO:command=a/b   | command=a/b: give the last part of argv[0], without slashes, as in command=git",
        "read:delay_enter=5000s       | write at most delay_enter=4294s"})
    void aSpecErrorHintsWithSpecKeys(String spec, String hint) {
        assertThatThrownBy(() -> Fault.parse(spec)).isInstanceOf(FaultSpecException.class)
                .hasMessageContaining(hint)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContainPattern("[a-zA-Z]\\("));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "when0        | write when(1) for the first call",
        "shorten      | shortenToFraction(1.5) is outside (0, 1]; write shortenToFraction(0.5) for half the bytes",
        "times0       | times(0): a fault fires at least once; leave times out",
        "pathOnFsync  | path(\"/x\") needs a syscall with a path argument, and fsync has none; match the descriptor's"
                + " path with fdPath(\"/x\") instead",
        "twoResults   | fail(EIO) and returnValue(0); a call can fail, return a value, be shortened or black-holed, not two of"
                + " them: write two faults with different when ranges",
        "command      | onlyInCommand(\"a/b\"): give the last part of argv[0], without slashes, as in"
                + " onlyInCommand(\"git\")"})
    void aDslErrorHintsWithDslMethods(String mistake, String hint) {
        Supplier<Fault> wrong = switch (mistake) {
            case "when0" -> () -> Fault.on("read").when(0);
            case "shorten" -> () -> Fault.on("read").shortenToFraction(1.5);
            case "times0" -> () -> Fault.on("read").times(0);
            case "pathOnFsync" -> () -> Fault.on("fsync").path("/x");
            case "twoResults" -> () -> Fault.on("fsync").fail(Errno.EIO).returnValue(0);
            default -> () -> Fault.on("read").onlyInCommand("a/b");
        };
        assertThatThrownBy(wrong::get).isInstanceOf(FaultSpecException.class).hasMessageContaining(hint)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("=1", "short=", "fd_path", "when="));
    }
}
