// Reads a signal as strace's signal= does: a number, SIGUSR1, USR1, SIGRTMIN+2.
package dev.sysfault.fault;

final class SignalParse {

    private SignalParse() {
    }

    static int number(String text) {
        int n;
        if (!text.isEmpty() && Character.isDigit(text.charAt(0))) {
            try {
                n = Integer.parseInt(text);
            } catch (NumberFormatException e) {
                n = -1;
            }
        } else {
            n = SignalTable.find(text).orElseThrow(() -> new FaultSpecException("unknown signal \"" + text
                    + "\": did you mean " + String.join(", ", SignalTable.closest(text, 3))
                    + "? Write a name like SIGUSR1 (or USR1) or a number 1..64"));
        }
        if (n < 1 || n > SignalTable.MAX_SIGNAL) {
            throw new FaultSpecException("signal " + text + " is out of range: write 1..64 or a name like SIGUSR1");
        }
        return n;
    }
}
