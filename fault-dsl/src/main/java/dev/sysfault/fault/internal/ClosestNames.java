// "Did you mean": the known names nearest to a mistyped one, by Levenshtein distance.
package dev.sysfault.fault.internal;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

public final class ClosestNames {

    /**
     * How much of a typed name is compared: longer than any syscall, errno or signal name, so a typo is never
     * cut, and short enough that a 100 kB name costs no more than a 64-character one (the distance's cost is
     * the product of the two lengths).
     */
    static final int COMPARED = 64;

    private record Candidate(String name, int distance) {
    }

    private ClosestNames() {
    }

    public static List<String> of(String typed, Collection<String> known, int max) {
        String t = typed.substring(0, Math.min(typed.length(), COMPARED)).toLowerCase(Locale.ROOT);
        // Each distance computed once, before sorting: a comparator that computes them does so n log n times.
        return known.stream()
                .map(k -> new Candidate(k, distance(t, k.toLowerCase(Locale.ROOT))))
                .sorted(Comparator.comparingInt(Candidate::distance).thenComparing(Candidate::name))
                .limit(max)
                .map(Candidate::name)
                .toList();
    }

    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
