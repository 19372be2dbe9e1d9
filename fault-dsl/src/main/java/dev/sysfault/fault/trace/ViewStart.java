// Where a view of a trace begins, and so which events it holds and which lost ones it counts (docs/trace-format.md).
package dev.sysfault.fault.trace;

import java.util.List;

/**
 * A view of the whole file holds every event and counts the header's {@code dropped} and {@code overwritten};
 * a view from now holds the events of its epoch and later, and counts what was lost since it began.
 *
 * @param wholeFile a view from the file's start ({@link SyscallTrace#open})
 * @param epoch the first epoch whose events the view holds: 0 for the whole file
 * @param dropped the header's {@code dropped} when the view began
 * @param overwritten the header's {@code overwritten} when the view began
 */
record ViewStart(boolean wholeFile, long epoch, long dropped, long overwritten) {

    static final ViewStart WHOLE_FILE = new ViewStart(true, 0, 0, 0);

    /**
     * Raises the file's epoch ({@link LiveHeader#raiseEpoch()}) for a view of the calls recorded from now on.
     * The counters are read first, so that the view counts no less than it lost.
     */
    static ViewStart fromNow(LiveHeader header) {
        long dropped = header.dropped();
        long overwritten = header.overwritten();
        return new ViewStart(false, header.raiseEpoch(), dropped, overwritten);
    }

    /** Whether the view holds, or counts as lost, an event recorded in {@code eventEpoch}. */
    boolean holds(long eventEpoch) {
        return eventEpoch >= epoch;
    }

    /**
     * The view's snapshot of {@code events}, which the ring held, and {@code incomplete} events, with the
     * counters of {@code header} read now, after the slots: an event overwritten while they were read is
     * counted, not missed.
     */
    TraceSnapshot snapshot(List<SyscallEvent> events, long incomplete, LiveHeader header) {
        return new TraceSnapshot(events, header.dropped() - dropped, overwritten(header), incomplete);
    }

    /**
     * The overwritten events of the view's epochs, while fewer than 256 have passed (each counter is reused 256
     * epochs later); after that, all the ring overwrote since the view began, which may count older events too.
     */
    private long overwritten(LiveHeader header) {
        long current = header.epoch();
        if (wholeFile || current - epoch >= TraceFormat.EPOCHS) {
            return header.overwritten() - overwritten;
        }
        long sum = 0;
        for (long e = epoch; e <= current; e++) {
            sum += header.overwrittenIn(e);
        }
        return sum;
    }
}
