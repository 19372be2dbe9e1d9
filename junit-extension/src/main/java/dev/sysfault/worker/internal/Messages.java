// What the parent and a worker JVM say to each other over the worker's socket, and how it is written.
package dev.sysfault.worker.internal;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The worker protocol: the worker says {@link Ready}; then, per test, {@link RunTest} and its {@link Outcome}.
 * A worker whose directory is not the parent's ({@link RemoteLaunch}) also gets each rule table as a
 * {@link FilePart} before its test, and answers a test with the parts of its directory that changed: up to
 * {@link Synced} before the body runs, and before the outcome after it.
 * Each message is a tag byte and its fields as plain data, not Java serialization, whose first use cost each side
 * of a new worker tens of milliseconds before the first test could run.
 */
final class Messages {

    private static final int READY = 'R';
    private static final int RUN_TEST = 'T';
    private static final int OUTCOME = 'O';
    private static final int FILE_PART = 'F';
    private static final int SYNCED = 'S';
    /** A file part's limit: the largest trace (docs/trace-format.md) fits in a few. */
    private static final int MAX_PART = 64 << 20;
    /** A rule table's limit (docs/rule-table.md). */
    private static final int MAX_FAULTS = 4096;

    private Messages() {
    }

    /** One message of the protocol. */
    sealed interface Message permits Ready, RunTest, Outcome, FilePart, Synced {
    }

    /** The worker is connected; it binds the library while the parent sends the first test. */
    record Ready() implements Message {
    }

    /**
     * Run the test with this unique id (a method, a template invocation, in a nested class...). {@code rules}: the
     * name of the rule table the parent compiled for it and wrote into the worker's directory, or null when the
     * test has no faults; {@code faults}: each fault as a SPEC, for the body's {@code InjectedFaults}.
     */
    record RunTest(String uniqueId, String rules, List<SentFault> faults) implements Message {

        RunTest {
            faults = List.copyOf(faults);
        }

        /** A test the worker runs without a rule table: the warm-up's. */
        RunTest(String uniqueId) {
            this(uniqueId, null, List.of());
        }
    }

    /** A fault as the parent wrote it for the worker: its SPEC, and whether it may rightly not fire. */
    record SentFault(String spec, boolean optional) {
    }

    /** How the test ended; {@code thrown} is a serialized Throwable (see {@link ThrownAcross}), or null. */
    record Outcome(Status status, byte[] thrown, String reason) implements Message {

        enum Status { PASSED, FAILED, ABORTED, SKIPPED }
    }

    /**
     * Bytes of a file in the worker's directory, named without a folder: the whole file ({@code whole}), or bytes
     * to write at {@code offset} into the file as it is (a trace's changed slots and header).
     */
    record FilePart(String name, long offset, byte[] bytes, boolean whole) implements Message {
    }

    /** The worker's directory as the parent has it now is the worker's: the test's body runs next. */
    record Synced() implements Message {
    }

    /** Writes {@code message} and flushes it. */
    static void write(DataOutputStream out, Message message) throws IOException {
        if (message instanceof Ready) {
            out.writeByte(READY);
        } else if (message instanceof RunTest run) {
            out.writeByte(RUN_TEST);
            writeString(out, run.uniqueId());
            writeString(out, run.rules());
            out.writeInt(run.faults().size());
            for (SentFault fault : run.faults()) {
                out.writeBoolean(fault.optional());
                writeString(out, fault.spec());
            }
        } else if (message instanceof Outcome outcome) {
            out.writeByte(OUTCOME);
            out.writeByte(outcome.status().ordinal());
            writeBytes(out, outcome.thrown());
            writeBytes(out, outcome.reason() == null ? null : outcome.reason().getBytes(StandardCharsets.UTF_8));
        } else if (message instanceof FilePart part) {
            out.writeByte(FILE_PART);
            writeString(out, part.name());
            out.writeLong(part.offset());
            out.writeBoolean(part.whole());
            writeBytes(out, part.bytes());
        } else if (message instanceof Synced) {
            out.writeByte(SYNCED);
        }
        out.flush();
    }

    /**
     * The next message.
     *
     * @throws EOFException if the connection ended, before a message or within one
     * @throws IOException if it could not be read, or what came is not a message
     */
    static Message read(DataInputStream in) throws IOException {
        int tag = in.read();
        switch (tag) {
            case -1:
                throw new EOFException("the connection was closed");
            case READY:
                return new Ready();
            case RUN_TEST:
                String uniqueId = readString(in);
                String rules = readString(in);
                int count = in.readInt();
                if (count < 0 || count > MAX_FAULTS) {
                    throw new IOException("a test with " + count + " faults");
                }
                List<SentFault> faults = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    boolean optional = in.readBoolean();
                    faults.add(new SentFault(readString(in), optional));
                }
                return new RunTest(uniqueId, rules, faults);
            case OUTCOME:
                int status = in.readUnsignedByte();
                if (status >= Outcome.Status.values().length) {
                    throw new IOException("an outcome with status " + status + ": not one of " + Outcome.Status.values().length);
                }
                byte[] thrown = readBytes(in);
                byte[] reason = readBytes(in);
                return new Outcome(Outcome.Status.values()[status], thrown,
                        reason == null ? null : new String(reason, StandardCharsets.UTF_8));
            case FILE_PART:
                String name = readString(in);
                long offset = in.readLong();
                boolean whole = in.readBoolean();
                byte[] bytes = readBytes(in);
                if (name == null || bytes == null || offset < 0 || bytes.length > MAX_PART) {
                    throw new IOException("a file part that is not one: " + name + " at " + offset);
                }
                return new FilePart(name, offset, bytes, whole);
            case SYNCED:
                return new Synced();
            default:
                throw new IOException("not a message of the worker protocol: a message tagged " + tag);
        }
    }

    private static void writeString(DataOutputStream out, String text) throws IOException {
        writeBytes(out, text == null ? null : text.getBytes(StandardCharsets.UTF_8));
    }

    private static String readString(DataInputStream in) throws IOException {
        byte[] bytes = readBytes(in);
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes == null ? -1 : bytes.length);
        if (bytes != null) {
            out.write(bytes);
        }
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < -1 || length > MAX_PART) {
            // a worker that is not one (or a broken stream) must not make this JVM allocate gigabytes
            throw new IOException("a field of " + length + " bytes");
        }
        if (length == -1) {
            return null;
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }
}
