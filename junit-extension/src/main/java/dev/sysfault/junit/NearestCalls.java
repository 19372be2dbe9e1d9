// The part of a failure message that shows which recorded calls came closest to what was expected.
package dev.sysfault.junit;

import dev.sysfault.fault.trace.StracePrinter;
import dev.sysfault.fault.trace.SyscallEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Ranks recorded calls by how much of a selection they meet: calls of the named syscall when there
 * are any (other syscalls only when there are none: a newfstatat of the path an openat was expected
 * for), nearest first ({@link SyscallSelection#distance}), earlier before later. A call that meets nothing of
 * the selection is never "near"; when none is, the message lists which syscalls were recorded.
 */
final class NearestCalls {

    static final int SHOWN = 5;
    static final int LISTED = 10;

    private NearestCalls() {
    }

    private record Candidate(int index, SyscallEvent event, boolean sameSyscall, List<String> missed, int distance) {
    }

    /** "Nearest recorded calls:" and up to {@link #SHOWN} strace lines, each with what it missed. */
    static String of(SyscallSelection selection, List<SyscallEvent> events) {
        int conditions = selection.filters().size() + (selection.names().isEmpty() ? 0 : 1);
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            SyscallEvent e = events.get(i);
            List<String> missed = selection.missed(e);
            if (!missed.isEmpty() && missed.size() < conditions) {
                boolean same = selection.names().isEmpty() || selection.names().contains(e.name());
                candidates.add(new Candidate(i, e, same, missed, selection.distance(e)));
            }
        }
        if (candidates.stream().anyMatch(Candidate::sameSyscall)) {
            candidates.removeIf(c -> !c.sameSyscall());
        }
        if (candidates.isEmpty()) {
            return "No recorded call comes near it. Recorded: " + census(events);
        }
        candidates.sort(Comparator.comparing((Candidate c) -> !c.sameSyscall())
                .thenComparingInt(Candidate::distance)
                .thenComparingInt(Candidate::index));
        StringBuilder b = new StringBuilder("Nearest recorded calls:");
        for (Candidate c : candidates.subList(0, Math.min(SHOWN, candidates.size()))) {
            b.append("\n  ").append(StracePrinter.line(c.event(), true))
                    .append("\n      (missed: ").append(String.join(", ", c.missed())).append(')');
        }
        if (candidates.size() > SHOWN) {
            b.append("\n  … and ").append(candidates.size() - SHOWN).append(" more, further from it");
        }
        return b.toString();
    }

    /** Up to {@link #LISTED} strace lines, and how many more there are. */
    static String lines(List<SyscallEvent> events) {
        StringBuilder b = new StringBuilder();
        for (SyscallEvent e : events.subList(0, Math.min(LISTED, events.size()))) {
            b.append("\n  ").append(StracePrinter.line(e, true));
        }
        if (events.size() > LISTED) {
            b.append("\n  … and ").append(events.size() - LISTED).append(" more");
        }
        return b.toString();
    }

    /** {@code 12 calls: read ×5, openat ×4, close ×3}, most frequent first (then by name), at most ten names. */
    static String census(List<SyscallEvent> events) {
        if (events.isEmpty()) {
            return "no calls at all";
        }
        Map<String, Long> counts = events.stream()
                .collect(Collectors.groupingBy(SyscallEvent::name, LinkedHashMap::new, Collectors.counting()));
        String names = counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(LISTED)
                .map(e -> e.getKey() + " ×" + e.getValue())
                .collect(Collectors.joining(", "));
        return events.size() + (events.size() == 1 ? " call: " : " calls: ") + names
                + (counts.size() > LISTED ? ", …" : "");
    }
}
