// The environment that puts a process under libsysfault.so: the one place that knows LD_PRELOAD, SYSFAULT_RULES, SYSFAULT_CONTROL, SYSFAULT_TRACE and SYSFAULT_EXEC.
package dev.sysfault.run.internal;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * What a process needs in its environment to run under {@code libsysfault.so}, and how that combines with the
 * environment it would get anyway (its parent's, or an image's):
 *
 * <ul>
 *   <li>{@code LD_PRELOAD}: the library first, then the entries the process would have had (the caller's own
 *       entry if it gave one, else the inherited one), minus any other {@code libsysfault.so}: two would patch
 *       glibc twice.
 *   <li>{@code SYSFAULT_RULES} and {@code SYSFAULT_TRACE}: the rule table and the trace, when there are. Inherited
 *       ones, and the trace's settings ({@code SYSFAULT_TRACE_*}), are dropped, so a process without rules has none
 *       (a test's JVM may itself be a worker under sysfault); sysfault always writes the trace file itself, so
 *       those settings only ever described someone else's trace.
 *   <li>{@code SYSFAULT_CONTROL}: the {@link ControlFile} through which Java swaps the rules of a running program,
 *       when there is one; an inherited one is dropped like the rules.
 *   <li>{@code SYSFAULT_EXEC}: {@code sysfault-exec}, through which the supervisor starts, and the library execs, a
 *       program that {@code LD_PRELOAD} cannot reach (static, musl, Go), when there is one.
 *   <li>Everything else passes through: {@code SYSFAULT_DEBUG}, {@code SYSFAULT_STRICT}, {@code SYSFAULT_CACHE_DIR}.
 * </ul>
 *
 * <p>Paths are as the process sees them: a container's run gets the paths inside the container.
 */
public final class PreloadEnvironment {

    private static final String PRELOAD = "LD_PRELOAD";
    private static final String RULES = "SYSFAULT_RULES";
    private static final String TRACE = "SYSFAULT_TRACE";
    private static final String CONTROL = "SYSFAULT_CONTROL";
    private static final String LOADER = "SYSFAULT_EXEC";
    /** Holds LD_PRELOAD while a shell that must not be preloaded itself runs, see {@link #stageForShell}. */
    private static final String STAGED_PRELOAD = "SYSFAULT_CONTAINER_PRELOAD";
    private static final String LIBRARY_FILE = "libsysfault.so";

    private final Path library;
    private final Path rules;
    private final Path trace;
    private final Path control;
    private final Path loader;

    private PreloadEnvironment(Path library, Path rules, Path trace, Path control, Path loader) {
        this.library = Objects.requireNonNull(library, "library");
        this.rules = rules;
        this.trace = trace;
        this.control = control;
        this.loader = loader;
    }

    /** Preloads {@code library}, with no rules and no trace yet. */
    public static PreloadEnvironment of(Path library) {
        return new PreloadEnvironment(library, null, null, null, null);
    }

    /** The same, with the rule table {@code file}. */
    public PreloadEnvironment rules(Path file) {
        return new PreloadEnvironment(library, Objects.requireNonNull(file, "file"), trace, control, loader);
    }

    /** The same, recording into the trace {@code file}. */
    public PreloadEnvironment trace(Path file) {
        return new PreloadEnvironment(library, rules, Objects.requireNonNull(file, "file"), control, loader);
    }

    /** The same, following the control {@code file} ({@link ControlFile#path()}) for rules swapped while it runs. */
    public PreloadEnvironment control(Path file) {
        return new PreloadEnvironment(library, rules, trace, Objects.requireNonNull(file, "file"), loader);
    }

    /** The same, with {@code sysfault-exec} at {@code file} for the programs that LD_PRELOAD cannot reach. */
    public PreloadEnvironment loader(Path file) {
        return new PreloadEnvironment(library, rules, trace, control, Objects.requireNonNull(file, "file"));
    }

    public Path library() {
        return library;
    }

    /**
     * Turns {@code environment}, which holds what the process inherits ({@link ProcessBuilder#environment()}),
     * into what it gets: inherited rules and trace dropped, then the caller's {@code entries}, then the preload,
     * the rules and the trace.
     */
    public void applyTo(Map<String, String> environment, Map<String, String> entries) {
        environment.keySet().removeIf(name -> name.equals(RULES) || name.equals(CONTROL) || name.equals(TRACE)
                || name.startsWith(TRACE + "_") || name.equals(LOADER));
        environment.putAll(over(environment::get, entries));
    }

    public void applyTo(Map<String, String> environment) {
        applyTo(environment, Map.of());
    }

    /**
     * The variables to set over an environment the process gets elsewhere, such as an image's through
     * {@code docker exec}: the caller's {@code entries}, then the preload, the rules and the trace.
     * {@code inherited} gives that environment's value of a name, or null (a lookup that always says null keeps
     * nothing of it).
     */
    public Map<String, String> over(UnaryOperator<String> inherited, Map<String, String> entries) {
        Map<String, String> variables = new LinkedHashMap<>(entries);
        String existing = entries.containsKey(PRELOAD) ? entries.get(PRELOAD) : inherited.apply(PRELOAD);
        variables.put(PRELOAD, preloadList(existing));
        if (rules != null) {
            variables.put(RULES, rules.toString());
        }
        if (control != null) {
            variables.put(CONTROL, control.toString());
        }
        if (trace != null) {
            variables.put(TRACE, trace.toString());
        }
        if (loader != null) {
            variables.put(LOADER, loader.toString());
        }
        return variables;
    }

    /** The library first, then the entries of {@code existing} (split as ld.so does) that are not a libsysfault.so. */
    private String preloadList(String existing) {
        StringBuilder list = new StringBuilder(library.toString());
        if (existing != null) {
            for (String entry : existing.split("[: ]+")) {
                if (!entry.isEmpty() && !Path.of(entry).getFileName().toString().equals(LIBRARY_FILE)) {
                    list.append(' ').append(entry);
                }
            }
        }
        return list.toString();
    }

    /**
     * For a command that {@code /bin/sh} execs after doing something of its own (redirecting stdin, say): moves
     * the preload in {@code variables} aside, so that the shell runs without the library and neither its calls
     * nor its redirection meet the faults or the trace. The shell's script must begin with {@link #unstageInShell()}.
     */
    public static void stageForShell(Map<String, String> variables) {
        variables.put(STAGED_PRELOAD, variables.remove(PRELOAD));
    }

    /** Shell text that puts the preload {@link #stageForShell} moved aside back in place, for the commands it execs. */
    public static String unstageInShell() {
        return "export " + PRELOAD + "=\"$" + STAGED_PRELOAD + "\"; unset " + STAGED_PRELOAD + "; ";
    }
}
