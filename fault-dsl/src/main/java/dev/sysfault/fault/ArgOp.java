// How an argument matcher compares a syscall argument with its value (rule table arg_op).
package dev.sysfault.fault;

import java.util.Locale;
import java.util.Optional;

/** The comparison of {@code Fault.arg(index, op, value)}. */
public enum ArgOp {
    /** argument == value */
    EQ,
    /** argument != value */
    NE,
    /** every bit of value is set in the argument */
    ALL,
    /** some bit of value is set in the argument */
    ANY,
    /** no bit of value is set in the argument */
    NONE;

    /** The rule table's code: the ordinal. */
    int code() {
        return ordinal();
    }

    /** The dump's word: eq ne all any none. */
    String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<ArgOp> fromWord(String word) {
        for (ArgOp op : values()) {
            if (op.word().equalsIgnoreCase(word)) {
                return Optional.of(op);
            }
        }
        return Optional.empty();
    }
}
