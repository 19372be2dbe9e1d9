// What a worker JVM holds for its whole life: its directory, the bound library, the trace and the rule files.
package dev.sysfault.worker.internal;

import dev.sysfault.fault.RuleTable;
import dev.sysfault.fault.trace.SyscallTrace;
import dev.sysfault.fault.trace.TraceFile;
import dev.sysfault.fault.trace.TraceOptions;
import dev.sysfault.fault.trace.TraceRecording;
import dev.sysfault.run.internal.PreloadEnvironment;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** Exists only in a worker JVM ({@link Workers#inWorker()}); made once, from the properties the parent set. */
final class WorkerRuntime {

    static final String DIRECTORY_PROPERTY = "sysfault.worker.dir";
    static final String TRACE_FILE = "trace.bin";
    /** What SYSFAULT_RULES names: a link to the table in force, so a program the test starts gets the same rules. */
    static final String RULES_LINK = "rules.bin";
    static final String NO_RULES = "no-rules.bin";
    /**
     * The empty rule table's bytes, as {@code RuleTable.compile(List.of())} makes them ({@code NoRulesTest} checks
     * that, and rewrites it with {@code -Dsysfault.golden.update=true}): compiling it loads the syscall table, which
     * cost a fresh JVM 20 to 30 ms on the way to its first worker's spawn.
     */
    static final String NO_RULES_RESOURCE = "no-rules.bin";

    private static WorkerRuntime instance;

    private final Path directory;
    private final SysfaultControl control;
    private final SyscallTrace trace;
    private final TraceRecording recording;
    /** What the parent sent with the test that runs now; set by the connection's thread before the test starts. */
    private final AtomicInteger bodyTables = new AtomicInteger();
    private volatile Messages.RunTest received = new Messages.RunTest("");
    private final JvmOwnFiles jvmOwnFiles = JvmOwnFiles.ofThisJvm();

    private WorkerRuntime(Path directory, SysfaultControl control, SyscallTrace trace, TraceRecording recording) {
        this.directory = directory;
        this.control = control;
        this.trace = trace;
        this.recording = recording;
    }

    static synchronized WorkerRuntime get() {
        if (instance == null) {
            String dir = System.getProperty(DIRECTORY_PROPERTY);
            if (dir == null) {
                throw new IllegalStateException("not a sysfault worker JVM: -D" + DIRECTORY_PROPERTY + " is not set");
            }
            Path directory = Path.of(dir);
            try {
                instance = new WorkerRuntime(directory,
                        SysfaultControl.bind(Path.of(System.getProperty(WorkerCommand.LIBRARY_PROPERTY))),
                        SyscallTrace.open(directory.resolve(TRACE_FILE)),
                        TraceRecording.open(directory.resolve(TRACE_FILE)));
            } catch (IOException e) {
                throw new UncheckedIOException("the worker cannot open its trace in " + directory, e);
            }
        }
        return instance;
    }

    /**
     * Writes what a worker started with its files in {@code directory} finds there: its trace (paused) and the
     * empty rule table the rules link points at. Returns the environment that preloads {@code library} with them.
     */
    static PreloadEnvironment prepare(Path directory, int traceCapacity, Path library) throws IOException {
        Path traceFile = TraceFile.create(directory.resolve(TRACE_FILE), TraceOptions.all().capacity(traceCapacity)
                .paused());
        try (InputStream noRules = WorkerRuntime.class.getResourceAsStream(NO_RULES_RESOURCE)) {
            if (noRules == null) {
                throw new IOException("the empty rule table " + NO_RULES_RESOURCE + " is missing from sysfault's jar");
            }
            Files.copy(noRules, directory.resolve(NO_RULES));
        }
        Files.createSymbolicLink(directory.resolve(RULES_LINK), Path.of(NO_RULES));
        return PreloadEnvironment.of(library).rules(directory.resolve(RULES_LINK)).trace(traceFile);
    }

    SysfaultControl control() {
        return control;
    }

    SyscallTrace trace() {
        return trace;
    }

    /** Leaves the parent what it reports should the worker die or hang in this test's body. */
    void note(ArmedNote note) {
        note.write(directory);
    }

    /** The files this JVM loads classes from: calls on them are left out of a test's trace. */
    JvmOwnFiles jvmOwnFiles() {
        return jvmOwnFiles;
    }

    TraceRecording recording() {
        return recording;
    }

    Path noRules() {
        return directory.resolve(NO_RULES);
    }

    /** A file the parent sent (a worker whose directory is not the parent's): written into the directory. */
    void receive(Messages.FilePart part) throws IOException {
        MirroredFiles.write(directory, part);
    }

    /** Before a test, in a worker whose parent cannot clear them itself: the last test's notes are gone. */
    void clearNotes() {
        ArmedNote.clear(directory);
        BodyNotes.clear(directory);
    }

    /**
     * After a test, to a parent that keeps a copy of the directory: the test's rule table {@code rules} (null:
     * none), whose counters the parent reads, and the body's notes, if it left any.
     */
    void send(DataOutputStream out, String rules) throws IOException {
        if (rules != null) {
            Messages.write(out, new Messages.FilePart(rules, 0, Files.readAllBytes(directory.resolve(rules)), true));
        }
        Optional<String> notes = BodyNotes.read(directory);
        if (notes.isPresent()) {
            Messages.write(out, new Messages.FilePart(BodyNotes.FILE, 0,
                    notes.get().getBytes(StandardCharsets.UTF_8), true));
        }
    }

    /** Keeps what the parent sent with the next test, until the one after it. */
    void receive(Messages.RunTest test) {
        received = test;
    }

    /** The rule table the parent compiled for the test running now, in this worker's directory, if it has faults. */
    Optional<Path> receivedRules() {
        return Optional.ofNullable(received.rules()).map(directory::resolve);
    }

    /** The unique id of the test running now, as the parent sent it. */
    String receivedTestId() {
        return received.uniqueId();
    }

    /** Where a body leaves what the parent reads after it ({@link BodyNotes}), in this worker's directory. */
    Path bodyNotes() {
        return directory.resolve(BodyNotes.FILE);
    }

    /** The faults of the test running now, as the parent sent them. */
    List<Messages.SentFault> receivedFaults() {
        return received.faults();
    }

    /** Writes a table compiled in this JVM (a body's own faults) to a file of its own, whose counters stay readable. */
    Path write(RuleTable table) {
        Path file = directory.resolve("body-rules-" + bodyTables.incrementAndGet() + ".bin");
        try {
            table.write(file);
        } catch (IOException e) {
            throw new UncheckedIOException("the worker cannot write the rule table " + file, e);
        }
        return file;
    }

    /** Points SYSFAULT_RULES's link at {@code table}, atomically, for the programs started from now on. */
    void pointChildrenAt(Path table) {
        Path link = directory.resolve(RULES_LINK);
        Path fresh = directory.resolve(RULES_LINK + ".new");
        try {
            Files.deleteIfExists(fresh);
            Files.createSymbolicLink(fresh, table.getFileName());
            Files.move(fresh, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("the worker cannot point " + link + " at " + table, e);
        }
    }

    /** One round of everything arming does, so that no class is loaded while a test's rules are in force. */
    void warmUp() {
        pointChildrenAt(noRules());
        control.loadRules(noRules());
        recording.pause();
        control.clearRules();
        trace.fromNow().snapshot();
        RuleTable.compile(List.of());
    }
}
