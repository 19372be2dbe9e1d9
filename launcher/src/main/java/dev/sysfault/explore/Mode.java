// Whether an explored fault fails one call or that call and every later one.
package dev.sysfault.explore;

import java.util.Locale;

/** {@code once}: only that call fails; {@code from-then-on}: that call and every later matching one (a dead disk). */
public enum Mode {
    ONCE, FROM_THEN_ON;

    /** As the command line writes it: {@code once}, {@code from-then-on}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
