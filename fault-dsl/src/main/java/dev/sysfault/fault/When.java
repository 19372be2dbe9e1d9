// strace's when=FIRST[..LAST][+[STEP]]: which of a syscall's calls, counted from 1, a fault fires on.
package dev.sysfault.fault;

/**
 * Calls {@code first}, {@code first+step}, ... up to {@code last} (0: no end). strace's {@code F} is
 * F..F+1, {@code F+} is F..inf+1, {@code F+S} is F..inf+S, {@code F..L} is F..L+1.
 */
public record When(int first, int last, int step) {

    /** Every call: strace's default. */
    public static final When ALWAYS = new When(1, 0, 1);

    public When {
        if (first < 1) {
            throw new FaultSpecException("when: the first call is number 1, not " + Integer.toUnsignedString(first)
                    + "; write when(1) for the first call");
        }
        if (last != 0 && Integer.compareUnsigned(last, first) < 0) {
            throw new FaultSpecException("empty when-range " + first + ".." + Integer.toUnsignedString(last)
                    + ": the last call must not come before the first; write when(" + last + ", " + first + ")");
        }
        if (step < 1) {
            throw new FaultSpecException("when: the step must be 1 or more, not " + step
                    + "; write when(" + first + ", " + (last == 0 ? "last" : last) + ", 2) for every second call");
        }
    }

    /** As strace's when= writes it, shortest form. */
    @Override
    public String toString() {
        if (last == 0) {
            return first + "+" + (step == 1 ? "" : Integer.toString(step));
        }
        if (last == first) {
            return Integer.toString(first);
        }
        return first + ".." + Integer.toUnsignedString(last) + (step == 1 ? "" : "+" + step);
    }
}
