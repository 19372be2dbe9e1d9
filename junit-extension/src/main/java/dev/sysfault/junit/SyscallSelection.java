// Which recorded calls an assertion or a wait is about: a syscall name and filters, as an immutable value.
package dev.sysfault.junit;

import dev.sysfault.fault.Errno;
import dev.sysfault.fault.Syscall;
import dev.sysfault.fault.SyscallTable;
import dev.sysfault.fault.internal.UserInput;
import dev.sysfault.fault.trace.SyscallEvent;
import java.nio.file.FileSystems;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Recorded calls chosen by what a test cares about:
 * {@code syscall("openat").withPath("/etc/hosts").failedWith(Errno.ENOENT)}.
 *
 * <p>A selection is a description, not a result: it is applied when an assertion or a wait
 * checks a trace, so the same selection can be checked again as a live trace grows. Every
 * method returns a new selection; all its filters must hold for a call to be selected.
 * {@link #toString()} shows it the way strace would print a call it selects, for failure
 * messages: {@code openat(…, "/etc/hosts", …) = -1 ENOENT (No such file or directory)}.
 */
public final class SyscallSelection implements Predicate<SyscallEvent> {

    /** Where a filter shows in the strace-like picture of the selection. */
    enum Part { WHO, ARG, RESULT, INJECTED, WHERE }

    /**
     * One filter: how it shows in the picture (at argument {@code argIndex} for {@link Part#ARG}),
     * how it is named in "missed: …", and the test.
     */
    record Filter(Part part, int argIndex, String picture, String description, Predicate<SyscallEvent> test) {
    }

    private final Set<String> names;
    private final List<Filter> filters;

    private SyscallSelection(Set<String> names, List<Filter> filters) {
        this.names = names;
        this.filters = filters;
    }

    /**
     * Calls of any of the named syscalls, by their kernel names (those strace prints: {@code openat},
     * {@code newfstatat}, {@code clone}).
     *
     * @throws IllegalArgumentException for a name that is no x86-64 syscall, with the closest names
     */
    public static SyscallSelection syscall(String... names) {
        if (names.length == 0) {
            throw new IllegalArgumentException("name at least one syscall, or use anySyscall()");
        }
        Set<String> known = new LinkedHashSet<>();
        for (String name : names) {
            Objects.requireNonNull(name, "syscall name");
            Syscall syscall = SyscallTable.byName(name).orElseThrow(() -> new IllegalArgumentException(
                    "unknown syscall " + UserInput.quote(name) + ": did you mean "
                            + String.join(", ", SyscallTable.closest(name, 3))
                            + "? Name it as strace prints it (openat, not open; newfstatat, not stat)"));
            known.add(syscall.name());
        }
        return new SyscallSelection(Set.copyOf(known), List.of());
    }

    /** Every recorded call; narrow it with the filters. */
    public static SyscallSelection anySyscall() {
        return new SyscallSelection(Set.of(), List.of());
    }

    /** Calls whose path argument (the first one, as recorded) is exactly {@code path}. */
    public SyscallSelection withPath(String path) {
        Objects.requireNonNull(path, "path");
        return with(Part.ARG, pathIndex(), quote(path), "path " + quote(path),
                e -> e.path().map(path::equals).orElse(false));
    }

    /** Calls whose path argument is exactly {@code path} (as {@link Path#toString()} gives it). */
    public SyscallSelection withPath(Path path) {
        return withPath(path.toString());
    }

    /**
     * Calls whose path argument matches a glob of {@link java.nio.file.FileSystem#getPathMatcher}
     * ({@code /tmp/**}{@code /*.log}: {@code *} stays within a name, {@code **} crosses names).
     */
    public SyscallSelection withPathMatching(String glob) {
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        return with(Part.ARG, pathIndex(), "\"" + glob + "\"", "path matching " + quote(glob),
                e -> e.path().map(p -> matches(matcher, p)).orElse(false));
    }

    /**
     * Calls on a descriptor whose path matches a glob, as {@link #withPathMatching} does for path arguments:
     * {@code syscall("pwrite64").withFdPath("**}{@code /app.db-journal")}. The path is the one the kernel shows in
     * {@code /proc/self/fd} ({@link SyscallEvent#fdPath()}): absolute, links resolved, {@code socket:[…]} for a
     * socket; a {@code close}'s as it was just before the call.
     */
    public SyscallSelection withFdPath(String glob) {
        Objects.requireNonNull(glob, "glob");
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        return with(Part.ARG, fdIndex(), "<" + glob + ">", "descriptor path matching " + quote(glob),
                e -> e.fdPath().map(p -> matches(matcher, p)).orElse(false));
    }

    /**
     * Calls whose path argument could not be read: its pointer did not point at readable memory,
     * so the call got EFAULT (or a rule answered it before the kernel saw it).
     */
    public SyscallSelection withUnreadablePath() {
        return with(Part.ARG, pathIndex(), "<unreadable path>", "path unreadable", SyscallEvent::pathUnreadable);
    }

    /** Calls whose path argument was longer than a trace event holds: only its first 148 bytes are recorded. */
    public SyscallSelection withTruncatedPath() {
        return with(Part.ARG, pathIndex(), "\"…\"...", "path truncated", SyscallEvent::pathTruncated);
    }

    /**
     * Calls whose first argument is the file descriptor {@code fd} ({@code write(3, …)}). Compared as
     * the C {@code int} the kernel reads: only the register's low 32 bits count, since a caller
     * passing an {@code int} may leave anything in the upper ones.
     */
    public SyscallSelection withFd(int fd) {
        return with(Part.ARG, 0, Integer.toString(fd), "fd " + fd, e -> (int) e.arg(0) == fd);
    }

    /** Calls whose argument {@code index} (0..5) was {@code value}, compared as a 64-bit integer. */
    public SyscallSelection withArg(int index, long value) {
        if (index < 0 || index > 5) {
            throw new IllegalArgumentException("argument index " + index + " is not 0..5");
        }
        return with(Part.ARG, index, Long.toString(value), "argument " + index + " = " + value,
                e -> e.arg(index) == value);
    }

    /** Calls that returned -1 with {@code errno} (or the same number under another name: ENOTSUP, EOPNOTSUPP). */
    public SyscallSelection failedWith(Errno errno) {
        Objects.requireNonNull(errno, "errno");
        String text = "-1 " + errno.name() + " (" + errno.description() + ")";
        return with(Part.RESULT, text, "failed with " + errno.name(),
                e -> e.errnoNumber() == errno.number());
    }

    /** Calls that failed, with any errno. */
    public SyscallSelection failed() {
        return with(Part.RESULT, "-1 E…", "failed", SyscallEvent::failed);
    }

    /** Calls that did not fail. */
    public SyscallSelection succeeded() {
        return with(Part.RESULT, "(success)", "succeeded", SyscallEvent::succeeded);
    }

    /** Calls that returned exactly {@code result} (a failure returns a negative errno here). */
    public SyscallSelection withResult(long result) {
        return with(Part.RESULT, Long.toString(result), "returned " + result, e -> e.result() == result);
    }

    /** Calls that a rule answered (a fault was injected into them). */
    public SyscallSelection wasInjected() {
        return with(Part.INJECTED, "(INJECTED)", "injected", SyscallEvent::injected);
    }

    /** Calls that no rule answered. */
    public SyscallSelection notInjected() {
        return with(Part.INJECTED, "(not injected)", "not injected", e -> !e.injected());
    }

    /** Calls made by the thread {@code tid} (its kernel thread id; the process's pid for its main thread). */
    public SyscallSelection inThread(long tid) {
        return with(Part.WHO, "tid " + tid, "in thread " + tid, e -> e.tid() == tid);
    }

    /** Calls made by any thread of the process {@code pid}. */
    public SyscallSelection inProcess(long pid) {
        return with(Part.WHO, "pid " + pid, "in process " + pid, e -> e.pid() == pid);
    }

    /** Calls made by any thread of {@code process} (a {@link Process} or {@link ProcessHandle}'s pid). */
    public SyscallSelection inProcess(ProcessHandle process) {
        return inProcess(process.pid());
    }

    /** Calls for which {@code test} holds; {@code description} names it in failure messages. */
    public SyscallSelection matching(String description, Predicate<SyscallEvent> test) {
        Objects.requireNonNull(test, "test");
        return with(Part.WHERE, description, description, test);
    }

    /** Whether a recorded call is selected. */
    @Override
    public boolean test(SyscallEvent event) {
        if (!names.isEmpty() && !names.contains(event.name())) {
            return false;
        }
        for (Filter filter : filters) {
            if (!filter.test().test(event)) {
                return false;
            }
        }
        return true;
    }

    /** The selected calls among {@code events}, in their order. */
    public List<SyscallEvent> select(List<SyscallEvent> events) {
        return events.stream().filter(this).toList();
    }

    /** The syscall names, empty for {@link #anySyscall()}. */
    Set<String> names() {
        return names;
    }

    List<Filter> filters() {
        return filters;
    }

    /** What the call missed of this selection, in words: {@code [failed with ENOENT, in thread 12]}. */
    List<String> missed(SyscallEvent event) {
        List<String> missed = new ArrayList<>();
        if (!names.isEmpty() && !names.contains(event.name())) {
            missed.add("syscall " + String.join(" or ", names));
        }
        for (Filter filter : filters) {
            if (!filter.test().test(event)) {
                missed.add(filter.description());
            }
        }
        return missed;
    }

    /**
     * How far the call is from this selection: 2 for each missed filter that says which call it is
     * (its arguments, its thread or process), 1 for each that says what became of it (result,
     * injection, a custom test). The call a test means, which then did something else, is nearer
     * than another call that did the expected thing.
     */
    int distance(SyscallEvent event) {
        int distance = 0;
        for (Filter filter : filters) {
            if (!filter.test().test(event)) {
                distance += filter.part() == Part.ARG || filter.part() == Part.WHO ? 2 : 1;
            }
        }
        return distance;
    }

    /** The selection as strace would print a call it selects: {@code [tid 12] write(3, …) = 5}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        String who = pictures(Part.WHO, " ");
        if (!who.isEmpty()) {
            b.append('[').append(who).append("] ");
        }
        b.append(names.isEmpty() ? "any syscall" : String.join("|", names.stream().sorted().toList()));
        b.append(argsPicture());
        String result = pictures(Part.RESULT, " and ");
        if (!result.isEmpty()) {
            b.append(" = ").append(result);
        }
        String injected = pictures(Part.INJECTED, " ");
        if (!injected.isEmpty()) {
            b.append(' ').append(injected);
        }
        String where = pictures(Part.WHERE, " and ");
        if (!where.isEmpty()) {
            b.append(" where ").append(where);
        }
        return b.toString();
    }

    /** {@code (…, "/etc/hosts", …)}: the arguments a filter names in their places, "…" elsewhere. */
    private String argsPicture() {
        String[] args = new String[6];
        int last = -1;
        for (Filter f : filters) {
            if (f.part() == Part.ARG) {
                args[f.argIndex()] = args[f.argIndex()] == null ? f.picture() : args[f.argIndex()] + "&" + f.picture();
                last = Math.max(last, f.argIndex());
            }
        }
        List<String> shown = new ArrayList<>();
        for (int i = 0; i <= last; i++) {
            shown.add(args[i] == null ? "…" : args[i]);
        }
        shown.add("…");
        return "(" + String.join(", ", shown) + ")";
    }

    /** Where the recorded path sits: the first path argument of the named syscall (openat: 1). */
    private int pathIndex() {
        if (names.size() == 1) {
            int pathArgs = SyscallTable.byName(names.iterator().next()).orElseThrow().pathArgs();
            if (pathArgs != 0) {
                return Integer.numberOfTrailingZeros(pathArgs);
            }
        }
        return 0;
    }

    /** Where the descriptor sits: the descriptor argument of the named syscall (mmap: 4), else 0. */
    private int fdIndex() {
        if (names.size() == 1) {
            return Math.max(0, SyscallTable.byName(names.iterator().next()).orElseThrow().fdArg());
        }
        return 0;
    }

    private String pictures(Part part, String separator) {
        return filters.stream().filter(f -> f.part() == part).map(Filter::picture)
                .collect(Collectors.joining(separator));
    }

    private SyscallSelection with(Part part, String picture, String description, Predicate<SyscallEvent> test) {
        return with(part, -1, picture, description, test);
    }

    private SyscallSelection with(Part part, int argIndex, String picture, String description,
                                  Predicate<SyscallEvent> test) {
        List<Filter> more = new ArrayList<>(filters);
        more.add(new Filter(part, argIndex, picture, description, test));
        return new SyscallSelection(names, List.copyOf(more));
    }

    private static boolean matches(PathMatcher matcher, String path) {
        try {
            return matcher.matches(Path.of(path));
        } catch (InvalidPathException e) {
            return false; // a recorded path with a NUL in it is no path a glob could name
        }
    }

    private static String quote(String text) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"', '\\' -> b.append('\\').append(c);
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format("\\x%02x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
