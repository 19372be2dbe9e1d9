// The events of a trace at one moment, with an exact account of the ones it does not hold.
package dev.sysfault.fault.trace;

import java.util.List;
import java.util.stream.Stream;

/**
 * What {@link SyscallTrace#snapshot()} saw: the complete events in event-number order (which is each
 * thread's order of calls) and every event it does not hold, counted, never silently left out.
 *
 * @param handedOut event numbers writers had taken when the snapshot began
 * @param dropped the header's count: events not recorded because the ring was full (stop when full) or
 *     because a process could not finish writing one
 * @param overwritten events the ring overwrote before they were read (wrap when full)
 * @param incomplete events whose slot was not complete when read: still being written, or never to be,
 *     because their writer died half way. While writers run some of these may still complete (a later
 *     snapshot will hold them); once every writer has exited they are lost for good.
 */
public record TraceSnapshot(List<SyscallEvent> events, long handedOut, long dropped, long overwritten,
        long incomplete) {

    public TraceSnapshot {
        events = List.copyOf(events);
    }

    /**
     * {@code dropped + overwritten + incomplete}: exact once every writer has exited; while writers still run,
     * an upper bound (the incomplete ones may yet complete).
     */
    public long lost() {
        return dropped + overwritten + incomplete;
    }

    public int size() {
        return events.size();
    }

    public Stream<SyscallEvent> stream() {
        return events.stream();
    }
}
