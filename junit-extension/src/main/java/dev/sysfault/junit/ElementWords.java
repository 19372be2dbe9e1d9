// The annotation's vocabulary: a fault's settings named as @InjectSyscallFault's elements, for its errors' hints.
package dev.sysfault.junit;

import dev.sysfault.fault.Setting;
import dev.sysfault.fault.Vocabulary;
import dev.sysfault.fault.internal.UserInput;

/** {@code when = "2+"}, {@code times = 1}: what a user who wrote the annotation would write to fix it. */
final class ElementWords implements Vocabulary {

    static final ElementWords INSTANCE = new ElementWords();

    private ElementWords() {
    }

    @Override
    public String name(Setting setting) {
        return switch (setting) {
            case SYSCALLS -> "syscall";
            case ERRNO -> "errno";
            case RETVAL -> "retval";
            case SHORTEN -> "shorten";
            case BLACKHOLE -> "blackhole";
            case SIGNAL -> "signal";
            case DELAY -> "delay";
            case DELAY_AFTER -> "delayAfter";
            case WHEN -> "when";
            case TIMES -> "times";
            case PROBABILITY -> "probability";
            case SEED -> "seed";
            case PATH -> "path";
            case FD_PATH -> "fdPath";
            // The annotation has no element for these; a SPEC in spec = "..." does.
            case COMMAND, ARG -> "spec = \"...:" + setting.specKey() + "=...\"";
            case PAUSE -> "spec = \"...:pause\"";
        };
    }

    @Override
    public String write(Setting setting, String value) {
        return switch (setting) {
            case TIMES, PROBABILITY, SEED -> name(setting) + " = " + UserInput.plain(value);
            case BLACKHOLE -> "blackhole = true";
            case PAUSE -> "spec = \"...:pause\"";
            case COMMAND, ARG -> "spec = \"...:" + setting.specKey() + "=" + UserInput.plain(value) + "\"";
            default -> name(setting) + " = " + UserInput.quote(value);
        };
    }
}
