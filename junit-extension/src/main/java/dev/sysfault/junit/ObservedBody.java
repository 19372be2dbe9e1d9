// What the worker saw of one explored body: the failure points of its scoped trace and what it left open.
package dev.sysfault.junit;

import dev.sysfault.explore.FailurePoint;
import dev.sysfault.explore.FailurePoints;
import dev.sysfault.explore.FailureTarget;
import dev.sysfault.fault.trace.SyscallEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Carried from the worker to the parent as lines of text ({@code BodyNotes}): {@code point} lines (syscall, target
 * kind, target, occurrences, and for a call site's point the site and its whens, comma-separated; tab-separated)
 * and {@code left} lines ({@code descriptor wal.log}, {@code thread worker-#}).
 */
record ObservedBody(List<FailurePoint> points, List<String> leftOpen) {

    static final ObservedBody NOTHING = new ObservedBody(List.of(), List.of());

    ObservedBody {
        points = List.copyOf(points);
        leftOpen = List.copyOf(leftOpen);
    }

    /**
     * In the worker: the points of the body's scoped trace (never the JVM's class loading), made in this directory,
     * with the call sites known of its calls.
     */
    static ObservedBody of(List<SyscallEvent> scoped, Map<SyscallEvent, String> siteOf, List<String> leftOpen) {
        return new ObservedBody(FailurePoints.of(scoped, Path.of("").toAbsolutePath(), siteOf), leftOpen);
    }

    String text() {
        StringBuilder s = new StringBuilder();
        for (FailurePoint p : points) {
            s.append("point\t").append(p.syscall()).append('\t').append(p.target().kind()).append('\t')
                    .append(p.target().name().replace('\t', ' ').replace('\n', ' ')).append('\t')
                    .append(p.occurrences());
            p.site().ifPresent(site -> s.append('\t').append(site.replace('\t', ' ').replace('\n', ' ')).append('\t')
                    .append(String.join(",", p.whens().stream().map(String::valueOf).toList())));
            s.append('\n');
        }
        for (String left : leftOpen) {
            s.append("left\t").append(left.replace('\n', ' ')).append('\n');
        }
        return s.toString();
    }

    static ObservedBody parse(String text) {
        List<FailurePoint> points = new ArrayList<>();
        List<String> left = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.split("\t");
            if (f[0].equals("point") && f.length == 5) {
                points.add(new FailurePoint(f[1], new FailureTarget(FailureTarget.Kind.valueOf(f[2]), f[3]),
                        Integer.parseInt(f[4]), true));
            } else if (f[0].equals("point") && f.length == 7) {
                points.add(new FailurePoint(f[1], new FailureTarget(FailureTarget.Kind.valueOf(f[2]), f[3]),
                        Integer.parseInt(f[4]), true, Set.of(), Optional.of(f[5]),
                        Arrays.stream(f[6].split(",")).map(Integer::valueOf).toList()));
            } else if (f[0].equals("left") && f.length == 2) {
                left.add(f[1]);
            }
        }
        return new ObservedBody(points, left);
    }
}
