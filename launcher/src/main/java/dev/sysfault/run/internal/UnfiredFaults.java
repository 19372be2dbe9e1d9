// Says which faults never fired, what they matched, and which related calls the code made instead.
package dev.sysfault.run.internal;

import dev.sysfault.fault.Fault;
import dev.sysfault.fault.RuleCounters;
import dev.sysfault.fault.SyscallTable;
import dev.sysfault.fault.internal.RelatedSyscalls;
import dev.sysfault.fault.trace.SyscallEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A fault that fired zero times tested nothing: the code may sync with {@code fdatasync} where the fault waits for
 * {@code fsync}. Used by the JUnit extension (which fails the test) and by {@code sysfault run} (which warns), so
 * both say the same thing. The calls shown are the fault's syscalls and their {@link RelatedSyscalls}, from the
 * recorded events, each with the path of the descriptor or the path it acted on.
 */
public final class UnfiredFaults {

    /** Paths shown per syscall; more are counted. */
    private static final int PATHS = 3;
    /** A fault on more syscalls than this (a class like %file) lists no relatives: they would be most of the table. */
    private static final int FAMILY_LIMIT = 8;

    /** The calls whose result is a descriptor for the path they were given. */
    private static final List<String> OPENERS = List.of("open", "openat", "openat2", "creat");

    private UnfiredFaults() {
    }

    /**
     * One sentence per fault that is not optional and fired zero times, in rule order, as {@code "<label> never
     * fired: it matched no call. The body made no fsync; it made fdatasync ×2 on /tmp/app.db."}
     *
     * @param labels how the user wrote each fault (an annotation, a SPEC), in the order of {@code faults}
     * @param recorded the calls recorded while the faults were armed, or null when none were recorded; asked for
     *     only when a fault never fired (a whole trace takes a while to read)
     * @param who what made the calls, as the sentence names it: {@code "the body"}, {@code "the command"}
     */
    public static List<String> describe(List<Fault> faults, List<String> labels, RuleCounters counters,
            Supplier<List<SyscallEvent>> recorded, String who) {
        List<String> messages = new ArrayList<>();
        List<SyscallEvent> events = null;
        for (int i = 0; i < faults.size(); i++) {
            Fault fault = faults.get(i);
            if (fault.isOptional() || counters.fired(i) > 0) {
                continue;
            }
            StringBuilder m = new StringBuilder(labels.get(i)).append(" never fired: ")
                    .append(matched(fault, counters.matched(i))).append('.');
            events = events == null ? recorded.get() : events;
            if (events != null) {
                m.append(' ').append(calls(fault, events, who)).append(takenEarlier(i, fault, events, labels))
                        .append('.');
            }
            messages.add(m.toString());
        }
        return messages;
    }

    /**
     * The syscalls {@link #describe} shows for {@code faults}, and those that name a descriptor's path: what a trace
     * must record for it when no trace of every call is kept.
     */
    public static String[] callsToRecord(List<Fault> faults) {
        Set<String> names = new LinkedHashSet<>(OPENERS);
        names.add("close");
        for (Fault fault : faults) {
            names.addAll(shown(names(fault)));
        }
        return names.toArray(String[]::new);
    }

    private static List<String> names(Fault fault) {
        return fault.syscalls().stream()
                .map(n -> SyscallTable.byNumber(n).map(s -> s.name()).orElse(Integer.toString(n))).toList();
    }

    /** The fault's own syscalls and, unless they are a whole class of them, their relatives. */
    private static Set<String> shown(List<String> own) {
        return own.size() > FAMILY_LIMIT ? new LinkedHashSet<>(own) : RelatedSyscalls.of(own);
    }

    private static String matched(Fault fault, long matched) {
        if (matched == 0) {
            return "it matched no call";
        }
        String trigger = fault.trigger();
        return "it matched " + matched + (matched == 1 ? " call" : " calls") + " but fired 0 times"
                + (trigger.isEmpty() ? "" : trigger.startsWith("when=") ? " (" + trigger + " was never reached)"
                        : trigger.startsWith("short=") ? " (" + trigger + " shortened none of them)"
                        : " (" + trigger + " picked none of them)");
    }

    /** "The body made no fsync; it made fdatasync ×2 on /tmp/app.db", or what it made of the fault's own calls. */
    private static String calls(Fault fault, List<SyscallEvent> events, String who) {
        List<String> own = names(fault);
        Set<String> related = shown(own);
        Map<String, Made> made = made(events, related);
        String whoCapital = Character.toUpperCase(who.charAt(0)) + who.substring(1);
        List<String> ownMade = own.stream().filter(made::containsKey).map(n -> made.get(n).toString()).toList();
        List<String> othersMade = made.keySet().stream().filter(n -> !own.contains(n))
                .map(n -> made.get(n).toString()).toList();
        String ownNames = own.size() > FAMILY_LIMIT ? "call of its " + own.size() + " syscalls"
                : String.join(" or ", own);
        if (!ownMade.isEmpty()) {
            return whoCapital + " made " + String.join(", ", ownMade)
                    + (othersMade.isEmpty() ? "" : "; of the calls like it, " + String.join(", ", othersMade));
        }
        if (othersMade.isEmpty()) {
            List<String> others = related.stream().filter(n -> !own.contains(n)).toList();
            return whoCapital + " made no " + ownNames
                    + (others.isEmpty() ? "" : " and none of the calls like it (" + String.join(", ", others) + ")");
        }
        return whoCapital + " made no " + ownNames + "; it made " + String.join(", ", othersMade);
    }

    /** "; 2 of them went to the fault before it, ..., first": the first matching fault takes a call. */
    private static String takenEarlier(int index, Fault fault, List<SyscallEvent> events, List<String> labels) {
        Map<Integer, Long> byRule = new LinkedHashMap<>();
        for (SyscallEvent e : events) {
            if (e.rule() >= 0 && e.rule() < index && fault.syscalls().contains(e.number())) {
                byRule.merge(e.rule(), 1L, Long::sum);
            }
        }
        StringBuilder s = new StringBuilder();
        byRule.forEach((rule, count) -> s.append("; ").append(count).append(" of them")
                .append(" went to ").append(labels.get(rule)).append(", before it in rule order"));
        return s.toString();
    }

    /** How often one syscall was made, and on what. */
    private static final class Made {
        final String name;
        long count;
        final Set<String> targets = new LinkedHashSet<>();

        Made(String name) {
            this.name = name;
        }

        @Override
        public String toString() {
            String s = name + " ×" + count;
            if (targets.isEmpty()) {
                return s;
            }
            List<String> shown = targets.stream().limit(PATHS).toList();
            return s + " on " + String.join(", ", shown)
                    + (targets.size() > PATHS ? " and " + (targets.size() - PATHS) + " more" : "");
        }
    }

    /** The calls of {@code names}, in the order first made; a descriptor is named by the path it was opened with. */
    private static Map<String, Made> made(List<SyscallEvent> events, Set<String> names) {
        Map<String, Made> made = new LinkedHashMap<>();
        Map<Long, String> openFiles = new HashMap<>();   // (pid << 32 | fd) -> path
        for (SyscallEvent e : events) {
            if (names.contains(e.name())) {
                Made m = made.computeIfAbsent(e.name(), Made::new);
                m.count++;
                int[] descriptors = RelatedSyscalls.descriptorArguments(e.name());
                for (int argument : descriptors) {
                    int fd = (int) e.arg(argument);
                    m.targets.add(openFiles.getOrDefault(key(e.pid(), fd), "fd " + fd));
                }
                if (descriptors.length == 0) {
                    e.path().ifPresent(m.targets::add);
                }
            }
            if (OPENERS.contains(e.name()) && e.succeeded()
                    && e.path().isPresent()) {
                openFiles.put(key(e.pid(), (int) e.result()), e.path().get());
            } else if (e.name().equals("close")) {
                openFiles.remove(key(e.pid(), (int) e.arg(0)));
            }
        }
        return made;
    }

    private static long key(int pid, int fd) {
        return ((long) pid << 32) | (fd & 0xffffffffL);
    }
}
