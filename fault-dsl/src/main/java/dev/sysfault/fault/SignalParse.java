// Reads a signal as strace's signal= does: a number, SIGUSR1, USR1, SIGRTMIN+2.
package dev.sysfault.fault;

import dev.sysfault.fault.internal.SignalTable;
import dev.sysfault.fault.internal.UserInput;

final class SignalParse {

    private SignalParse() {
    }

    static int number(String text) {
        long n;
        if (SpecNumber.looksNumeric(text)) {
            n = SpecNumber.decimal(text, SignalTable.MAX_SIGNAL, "signal", "1..64 or a name like SIGUSR1");
        } else {
            n = SignalTable.find(text).orElseThrow(() -> new FaultSpecException("unknown signal "
                    + UserInput.quote(text) + ": did you mean " + String.join(", ", SignalTable.closest(text, 3))
                    + "? Write a name like SIGUSR1 (or USR1) or a number 1..64"));
        }
        if (n < 1) {
            throw new FaultSpecException("signal " + n + " is out of range: write 1..64 or a name like SIGUSR1");
        }
        return (int) n;
    }
}
