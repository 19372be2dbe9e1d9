// Finds the failure points in a fault-free recording: the calls that act on a file, a socket or stdout.
package dev.sysfault.explore;

import dev.sysfault.fault.Syscall;
import dev.sysfault.fault.SyscallErrnos;
import dev.sysfault.fault.SyscallTable;
import dev.sysfault.fault.trace.SyscallEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The points of one recording, in the order the program first reached them. A call is a point when it can
 * fail with an environmental errno ({@link SyscallErrnos}) or come back short, and acts on something a rule
 * can name again: a path argument, or a descriptor (argument 0) whose file or socket the trace recorded as the
 * kernel showed it ({@link SyscallEvent#fdPath()}), or that the recording shows the program opened (a close,
 * whose descriptor is gone after it), or stdout. Repeated calls on one target are one point, with a count.
 * When every call of a syscall on a target has a call site (a JVM's, learnt while it ran) and one process made
 * them, each site is a point of its own, with the {@code when} of each of its calls.
 */
public final class FailurePoints {

    private FailurePoints() {
    }

    /** The points of {@code events}, a recording made in {@code workingDirectory}. */
    public static List<FailurePoint> of(List<SyscallEvent> events, Path workingDirectory) {
        return of(events, workingDirectory, Map.of());
    }

    /** The same, with the call sites known of some events (by identity: {@code IdentityHashMap}). */
    public static List<FailurePoint> of(List<SyscallEvent> events, Path workingDirectory,
            Map<SyscallEvent, String> siteOf) {
        Map<Key, Set<Integer>> oneByte = new HashMap<>();
        Map<Key, Map<String, List<Integer>>> sites = new HashMap<>();
        List<FailurePoint> points = new ArrayList<>();
        counted(events, workingDirectory, oneByte, siteOf, sites).forEach((key, perProcess) -> {
            Set<Integer> small = oneByte.getOrDefault(key, Set.of());
            Map<String, List<Integer>> bySite = sites.get(key);
            if (bySite == null) {
                points.add(new FailurePoint(key.syscall(), key.target(), max(perProcess), true, small));
            } else {
                bySite.forEach((site, whens) -> points.add(new FailurePoint(key.syscall(), key.target(),
                        whens.size(), true, small, Optional.of(site), whens)));
            }
        });
        return points;
    }

    /** The syscalls whose calls can be points: those a recording needs the call sites of. */
    public static List<String> syscallsThatCanBePoints() {
        return SyscallTable.all().stream().filter(s -> canFail(s) && (s.takesPath() || s.fdArg() == 0))
                .map(Syscall::name).sorted().toList();
    }

    /**
     * The points of the first recording, each marked nondeterministic when the second made it a different
     * number of times (or not at all).
     */
    public static List<FailurePoint> compared(List<FailurePoint> first, List<FailurePoint> second) {
        Map<String, FailurePoint> again = new HashMap<>();
        for (FailurePoint p : second) {
            again.put(p.toString(), p);
        }
        // A site whose calls differ between the runs cannot be named by when=: its syscall and target become one
        // nondeterministic point, as without sites.
        Map<String, Integer> unstable = new HashMap<>();
        for (FailurePoint p : first) {
            if (p.site().isPresent() && !sameIn(again, p)) {
                unstable.merge(p.syscall() + " on " + p.target(), p.whens().get(p.whens().size() - 1), Math::max);
            }
        }
        Set<String> fellBack = new HashSet<>();
        List<FailurePoint> points = new ArrayList<>();
        for (FailurePoint p : first) {
            String target = p.syscall() + " on " + p.target();
            if (p.site().isPresent() && unstable.containsKey(target)) {
                if (fellBack.add(target)) {
                    points.add(new FailurePoint(p.syscall(), p.target(), unstable.get(target), false, p.oneByte()));
                }
            } else {
                points.add(new FailurePoint(p.syscall(), p.target(), p.occurrences(), sameIn(again, p), p.oneByte(),
                        p.site(), p.whens()));
            }
        }
        return points;
    }

    private static boolean sameIn(Map<String, FailurePoint> again, FailurePoint p) {
        FailurePoint other = again.get(p.toString());
        return other != null && other.occurrences() == p.occurrences() && other.whens().equals(p.whens());
    }

    private record Key(String syscall, FailureTarget target) {
    }

    /**
     * How many calls each process made on each point; {@code oneByte} gets the occurrences at which every process
     * that reached them asked for at most one byte (in a call with a byte count).
     */
    private static Map<Key, Map<Integer, Integer>> counted(List<SyscallEvent> events, Path workingDirectory,
            Map<Key, Set<Integer>> oneByte, Map<SyscallEvent, String> siteOf, Map<Key, Map<String, List<Integer>>> sites) {
        DescriptorPaths descriptors = new DescriptorPaths(workingDirectory);
        Map<Key, Map<Integer, Integer>> perProcess = new LinkedHashMap<>();
        Map<Key, Set<Integer>> longer = new HashMap<>();
        Set<Key> unsited = new HashSet<>();
        for (SyscallEvent e : events) {
            Optional<FailureTarget> target = target(e, descriptors);
            if (target.isPresent()) {
                Key key = new Key(e.name(), target.get());
                int occurrence = perProcess.computeIfAbsent(key, k -> new HashMap<>()).merge(e.pid(), 1, Integer::sum);
                String site = siteOf.get(e);
                if (site == null || perProcess.get(key).size() > 1) {
                    unsited.add(key);
                } else {
                    sites.computeIfAbsent(key, k -> new LinkedHashMap<>()).computeIfAbsent(site, s -> new ArrayList<>())
                            .add(occurrence);
                }
                int countArg = SyscallTable.byName(e.name()).map(Syscall::countArg).orElse(-1);
                if (countArg >= 0) {
                    (e.arg(countArg) > 1 ? longer : oneByte).computeIfAbsent(key, k -> new HashSet<>())
                            .add(occurrence);
                }
            }
            descriptors.follow(e);
        }
        longer.forEach((key, occurrences) -> oneByte.getOrDefault(key, new HashSet<>()).removeAll(occurrences));
        sites.keySet().removeAll(unsited);   // some call without a site, or from another process: by target alone
        return perProcess;
    }

    private static Optional<FailureTarget> target(SyscallEvent e, DescriptorPaths descriptors) {
        Optional<Syscall> syscall = SyscallTable.byName(e.name());
        if (e.noReturn() || syscall.isEmpty() || !canFail(syscall.get())) {
            return Optional.empty();
        }
        if (syscall.get().takesPath() && e.path().filter(p -> !p.isEmpty()).isPresent()) {
            return Optional.of(FailureTarget.path(e.path().get()));
        }
        if (syscall.get().fdArg() != 0) {
            return Optional.empty(); // an fd_path rule looks at argument 0
        }
        Optional<FailureTarget> followed = descriptors.target(e.pid(), e.arg(0));
        if (e.fdPath().isEmpty() || e.pathTruncated() || followed.equals(Optional.of(FailureTarget.STDOUT))) {
            return followed; // a close (the descriptor is gone after it), or stdout, whose file is the run's own
        }
        String kernels = e.fdPath().get();
        if (kernels.startsWith("socket:")) {
            return Optional.of(FailureTarget.SOCKET);
        }
        // The kernel's name for a file the program opened, or was given (not stdin or stderr, which are the run's).
        boolean given = followed.isEmpty() && e.arg(0) <= 2;
        return kernels.startsWith("/") && !given ? Optional.of(FailureTarget.descriptor(kernels)) : Optional.empty();
    }

    static boolean canFail(Syscall s) {
        return !SyscallErrnos.of(s.name()).isEmpty() || s.hasByteCount();
    }

    private static int max(Map<Integer, Integer> perProcess) {
        return perProcess.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }
}
