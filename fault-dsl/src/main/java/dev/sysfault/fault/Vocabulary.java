// The words a fault was written in (a SPEC, the DSL, an annotation), so that its errors hint in the same words.
package dev.sysfault.fault;

import dev.sysfault.fault.internal.UserInput;

/**
 * How the user names a fault's settings. A mistake in a SPEC is explained with SPEC keys ({@code when=1}), one in
 * the DSL with its methods ({@code when(1)}), one in an annotation with its elements ({@code when = "1"}); a hint in
 * another notation than the one the user wrote would send them looking for it. {@link #SPEC} and {@link #DSL} are
 * here; the JUnit extension defines its annotation's.
 */
public interface Vocabulary {

    /** strace's {@code --inject} SPEC: {@code when=2+}. */
    Vocabulary SPEC = new Vocabulary() {
        @Override
        public String name(Setting setting) {
            return switch (setting) {
                case SYSCALLS -> "the syscall set";
                case BLACKHOLE, PAUSE -> setting.specKey();
                default -> setting.specKey() + "=";
            };
        }

        @Override
        public String write(Setting setting, String value) {
            String shown = UserInput.plain(value);
            return switch (setting) {
                case SYSCALLS -> shown;
                case BLACKHOLE, PAUSE -> setting.specKey();
                default -> setting.specKey() + "=" + shown;
            };
        }
    };

    /** {@link Fault}'s methods: {@code whenFrom(2)}. */
    Vocabulary DSL = new Vocabulary() {
        @Override
        public String name(Setting setting) {
            return setting.dslMethod();
        }

        @Override
        public String write(Setting setting, String value) {
            return switch (setting) {
                case SYSCALLS, PATH, FD_PATH, SIGNAL, COMMAND -> setting.dslMethod() + "(" + UserInput.quote(value) + ")";
                case ERRNO -> "fail(" + (SpecNumber.looksNumeric(value) ? value : "Errno." + value) + ")";
                case SHORTEN -> value.endsWith("%") ? "shortenToFraction(" + new java.math.BigDecimal(
                        value.substring(0, value.length() - 1)).movePointLeft(2).stripTrailingZeros().toPlainString()
                        + ")" : "shortenTo(" + value + ")";
                case DELAY, DELAY_AFTER -> setting.dslMethod() + "(Duration of " + value + ")";
                case BLACKHOLE -> "blackhole()";
                case PAUSE -> "pauseForWatcher()";
                default -> setting.dslMethod() + "(" + value + ")";
            };
        }
    };

    /** The setting on its own, for "... given twice": {@code when=}, {@code when}. */
    String name(Setting setting);

    /** The setting with a value, as the user would write it: {@code when=2}, {@code when = "2"}, {@code when(2)}. */
    String write(Setting setting, String value);
}
