// The trace's byte layout (docs/trace-format.md, format version 2): offsets, sizes and flag bits, in one place.
package dev.sysfault.fault.trace;

final class TraceFormat {

    static final byte[] MAGIC = {'S', 'F', 'T', 'R', 'A', 'C', 'E', 0};
    static final int VERSION = 2;
    static final int HEADER_SIZE = 4096;
    static final int EVENT_SIZE = 256;
    static final int MIN_CAPACITY = 16;
    static final int MAX_CAPACITY = 1 << 24;
    static final int DEFAULT_CAPACITY = 65536;
    static final int PATH_MAX = 148;
    /** Event numbers a writer takes at once. */
    static final int BLOCK_EVENTS = 16;
    /** {@code overwritten_by_epoch} has a counter for each epoch modulo this. */
    static final int EPOCHS = 256;

    // header fields
    static final int VERSION_AT = 8;
    static final int HEADER_SIZE_AT = 10;
    static final int EVENT_SIZE_AT = 12;
    static final int FLAGS_AT = 14;
    static final int CAPACITY_AT = 16;
    static final int READY_AT = 20;
    static final int NEXT_AT = 24;
    static final int DROPPED_AT = 32;
    static final int CREATED_AT = 40;
    static final int OVERWRITTEN_AT = 48;
    static final int BLOCK_EVENTS_AT = 56;
    static final int RECORD_SET_AT = 64;
    static final int RECORD_SET_BYTES = 64;
    static final int PAUSED_AT = 128;
    static final int EPOCH_AT = 132;
    static final int OVERWRITTEN_BY_EPOCH_AT = 2048;

    // header flags
    static final int STOP_WHEN_FULL = 1;
    static final int RECORD_MATCHED_ONLY = 1 << 1;
    static final int RECORD_SET = 1 << 2;
    static final int KNOWN_FLAGS = STOP_WHEN_FULL | RECORD_MATCHED_ONLY | RECORD_SET;

    // event fields
    static final int COMMIT_AT = 0;
    static final int TIME_AT = 8;
    static final int PID_AT = 16;
    static final int TID_AT = 20;
    static final int NR_AT = 24;
    static final int EVENT_FLAGS_AT = 28;
    static final int ARGS_AT = 32;
    static final int RESULT_AT = 80;
    static final int RULE_AT = 88;
    static final int PATH_LEN_AT = 92;
    static final int PATH_ARG_AT = 94;
    static final int ORDER_AT = 96;
    static final int EVENT_EPOCH_AT = 104;
    static final int PATH_AT = 108;

    /** A {@code commit} with this bit set: the event {@code commit & ~WRITING} is being written. */
    static final long WRITING = Long.MIN_VALUE;

    // event flags
    static final int INJECTED = 1;
    static final int NO_RETURN = 1 << 1;
    static final int PATH = 1 << 2;
    static final int PATH_TRUNCATED = 1 << 3;
    static final int PATH_UNREADABLE = 1 << 4;
    /** {@code path} holds the path of the descriptor argument {@code path_arg}, not a path argument. */
    static final int FD_PATH = 1 << 5;

    private TraceFormat() {
    }

    static long fileSize(int capacity) {
        return HEADER_SIZE + (long) EVENT_SIZE * capacity;
    }
}
