// The events of a trace at one moment, with an exact account of the ones it does not hold.
package dev.sysfault.fault.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What {@link SyscallTrace#snapshot()} saw: the complete events in the order they were recorded (by
 * {@link SyscallEvent#order()}, then by number: across threads and processes, and each thread's order of calls)
 * and every event it does not hold, counted, never silently left out.
 *
 * @param dropped events not recorded because the ring was full (stop when full), or because their writer
 *     could not claim their slot (another one was writing it, or had written a newer event there)
 * @param overwritten events the ring overwrote before they were read (wrap when full)
 * @param incomplete events whose slot was still being written when read, or never will be, because their
 *     writer died half way. While writers run some of these may still complete (a later snapshot will hold
 *     them); once every writer has exited they are lost for good.
 */
public record TraceSnapshot(List<SyscallEvent> events, long dropped, long overwritten, long incomplete) {

    public TraceSnapshot {
        events = List.copyOf(events);
    }

    /**
     * {@code dropped + overwritten + incomplete}: exact once every writer has exited. While writers still run
     * it may be off either way: incomplete events may yet complete, and a writer adds the events it overwrote
     * to the header's counts a few calls later, at the latest when it takes its next block of event numbers.
     */
    public long lost() {
        return dropped + overwritten + incomplete;
    }

    /**
     * The lost events by cause, in words, as in {@code 3 overwritten by newer events; 1 half-written: a process
     * died, or was still writing, while recording it}; empty when none is lost. The causes call for different
     * remedies: a larger capacity keeps dropped and overwritten events, while a half-written one is the call a
     * killed process was making, and nothing brings it back.
     */
    public String lostInWords() {
        List<String> causes = new ArrayList<>();
        if (overwritten > 0) {
            causes.add(overwritten + " overwritten by newer events");
        }
        if (dropped > 0) {
            causes.add(dropped + " dropped: the trace was full, or another writer held the event's slot");
        }
        if (incomplete > 0) {
            causes.add(incomplete + " half-written: a process died, or was still writing, while recording "
                    + (incomplete == 1 ? "it" : "them"));
        }
        return String.join("; ", causes);
    }

    /** Whether a trace with a larger capacity would have kept some of the lost events. */
    public boolean lostForWantOfCapacity() {
        return dropped + overwritten > 0;
    }

    public int size() {
        return events.size();
    }

    public Stream<SyscallEvent> stream() {
        return events.stream();
    }
}
