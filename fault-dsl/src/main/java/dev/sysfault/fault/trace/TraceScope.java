// Which calls of a trace one test made: its thread's, those of the threads and processes it started, not the runtime's own.
package dev.sysfault.fault.trace;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * The calls of one thread (the root) and of every thread and process it started, directly or through them,
 * less the calls {@code runtimeCall} names as the runtime's own (a JVM loading classes on the test's thread).
 *
 * <p>Who started whom is read from the trace itself: the parent's {@code clone}, {@code clone3}, {@code fork}
 * or {@code vfork} returns the child's thread id. A trace that does not record those calls (a record set
 * without them, or only the calls a rule matched) holds no children, and the scope then holds only the root's
 * calls. A thread that was started before the root began (a pool made earlier, the JVM's own threads) is not in
 * the scope, whatever it did for the root: {@link SyscallTrace#allThreads()} shows it.
 *
 * @param root the root's kernel thread id, asked for each time the scope is applied; 0 while it is not known,
 *     and then the scope holds every thread
 * @param runtimeCall calls the scope leaves out although the root or a child made them
 */
public record TraceScope(LongSupplier root, Predicate<SyscallEvent> runtimeCall) {

    private static final Set<String> STARTERS = Set.of("clone", "clone3", "fork", "vfork");

    public TraceScope {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(runtimeCall, "runtimeCall");
    }

    /** The events of the scope, in their order. */
    public List<SyscallEvent> select(List<SyscallEvent> events) {
        long rootTid = root.getAsLong();
        Set<Long> threads = rootTid == 0 ? null : threads(rootTid, events);
        return events.stream().filter(e -> threads == null || threads.contains((long) e.tid()))
                .filter(runtimeCall.negate()).toList();
    }

    /**
     * The root and its descendants among the threads of {@code events}. A child may record calls before its parent records the call that made it
     * (the parent records on return), so the set is grown until it no longer changes, not in one pass.
     */
    public static Set<Long> threads(long rootTid, List<SyscallEvent> events) {
        Set<Long> threads = new HashSet<>(Set.of(rootTid));
        boolean grew = true;
        while (grew) {
            grew = false;
            for (SyscallEvent e : events) {
                if (e.result() > 0 && !e.noReturn() && STARTERS.contains(e.name()) && threads.contains((long) e.tid())) {
                    grew |= threads.add(e.result());
                }
            }
        }
        return threads;
    }
}
