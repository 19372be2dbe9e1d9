// A fault's settings, each with the name a SPEC gives it and the DSL method that sets it, so messages can name it.
package dev.sysfault.fault;

/**
 * What a fault can be told: which syscalls, an action, a matcher, a trigger. A {@link Vocabulary} says how the
 * user wrote each one (a SPEC key, an annotation element, a DSL method), and messages repeat that.
 */
public enum Setting {
    SYSCALLS("SET", "Fault.on"),
    ERRNO("error", "fail"),
    RETVAL("retval", "returnValue"),
    SHORTEN("short", "shortenTo"),
    BLACKHOLE("blackhole", "blackhole"),
    PAUSE("pause", "pauseForWatcher"),
    SIGNAL("signal", "signal"),
    DELAY("delay_enter", "delay"),
    DELAY_AFTER("delay_exit", "delayAfter"),
    WHEN("when", "when"),
    TIMES("times", "times"),
    PROBABILITY("probability", "probability"),
    SEED("seed", "probability"),
    PATH("path", "path"),
    FD_PATH("fd_path", "fdPath"),
    COMMAND("command", "onlyInCommand"),
    ARG("arg", "arg");

    private final String specKey;
    private final String dslMethod;

    Setting(String specKey, String dslMethod) {
        this.specKey = specKey;
        this.dslMethod = dslMethod;
    }

    /** The key of strace's {@code --inject} SPEC: {@code error}, {@code fd_path}. */
    public String specKey() {
        return specKey;
    }

    /** The {@link Fault} method that sets it: {@code fail}, {@code fdPath}. */
    public String dslMethod() {
        return dslMethod;
    }
}
