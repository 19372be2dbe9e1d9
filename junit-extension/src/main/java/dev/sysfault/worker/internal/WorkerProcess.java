// The parent's handle on one worker JVM: starts it, sends it tests, and notices when it dies or hangs.
package dev.sysfault.worker.internal;

import dev.sysfault.fault.Fault;
import dev.sysfault.fault.RuleCounters;
import dev.sysfault.fault.RuleTable;
import dev.sysfault.fault.internal.SignalTable;
import dev.sysfault.fault.trace.StracePrinter;
import dev.sysfault.fault.trace.SyscallEvent;
import dev.sysfault.fault.trace.SyscallTrace;
import dev.sysfault.fault.trace.TraceScope;
import dev.sysfault.run.internal.PreloadEnvironment;
import dev.sysfault.run.internal.ProgramLoader;
import dev.sysfault.run.internal.RunDirectory;
import dev.sysfault.worker.WorkerCrashException;
import dev.sysfault.worker.internal.Messages.Message;
import dev.sysfault.worker.internal.Messages.Outcome;
import dev.sysfault.worker.internal.Messages.Ready;
import dev.sysfault.worker.internal.Messages.RunTest;
import dev.sysfault.worker.internal.Messages.SentFault;
import dev.sysfault.worker.internal.Messages.Synced;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** One test at a time. After a crash or a timeout the worker is dead and {@link #isUsable()} says so. */
final class WorkerProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sysfault-worker-watchdog");
        t.setDaemon(true);
        return t;
    });

    private final RunDirectory directory;
    private final Process process;
    private final OutputTail stdout;
    private final OutputTail stderr;
    private final SocketChannel channel;
    private final DataOutputStream out;
    private final DataInputStream in;
    private final SyscallTrace trace;
    /** For a worker whose directory is not this machine's: the copy of it kept here; else null. */
    private final MirroredFiles mirror;
    private volatile boolean timedOut;
    private int tables;
    private boolean usable = true;

    private WorkerProcess(RunDirectory directory, Process process, OutputTail stdout, OutputTail stderr,
            SocketChannel channel, DataOutputStream out, DataInputStream in, SyscallTrace trace, MirroredFiles mirror) {
        this.directory = directory;
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
        this.channel = channel;
        this.out = out;
        this.in = in;
        this.trace = trace;
        this.mirror = mirror;
    }

    static WorkerProcess start(WorkerSettings settings, WorkerCommand command, Path library, WorkerLaunch launch,
            boolean ahead) throws IOException {
        try {
            return startOnce(settings, command, library, launch, ahead);
        } catch (IOException e) {
            if (launch == WorkerLaunch.HOST && ClassArchive.distrust(command)) {
                System.err.println("sysfault: a worker JVM did not start with the workers' class archive, which is"
                        + " removed (the next worker makes it anew); starting it without. " + e.getMessage());
                return startOnce(settings, command, library, launch, ahead);   // now without the class archive
            }
            throw e;
        }
    }

    private static WorkerProcess startOnce(WorkerSettings settings, WorkerCommand command, Path library,
            WorkerLaunch launch, boolean ahead) throws IOException {
        if (launch instanceof RemoteLaunch remote) {
            return startRemote(settings, command, library, remote, ahead);
        }
        // The class archive is looked up (jars opened, directories listed) while the worker's files are written.
        CompletableFuture<Optional<ClassArchive.Use>> archive = launch == WorkerLaunch.HOST
                ? CompletableFuture.supplyAsync(() -> ClassArchive.forWorker(command, library))
                : CompletableFuture.completedFuture(Optional.empty());
        RunDirectory directory = RunDirectory.create();
        Process process = null;
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            PreloadEnvironment preload = WorkerRuntime.prepare(directory.path(), settings.traceCapacity(), library);
            // A static, musl or Go program that a test body starts runs through sysfault-exec (a container's
            // worker sees other paths: its container names its own).
            Optional<Path> loader = launch == WorkerLaunch.HOST ? ProgramLoader.path(library) : Optional.empty();
            if (loader.isPresent()) {
                preload = preload.loader(loader.get());
            }
            Path socket = directory.resolve("worker.sock");
            server.bind(UnixDomainSocketAddress.of(socket));
            process = launch.start(command, preload, directory.path(), socket, ahead, archive.join());
            directory.stopBeforeDeleting(process);
            long pid = process.pid();
            OutputTail stdout = new OutputTail(process.getInputStream(), false, "sysfault-worker-" + pid + "-out");
            OutputTail stderr = new OutputTail(process.getErrorStream(), true, "sysfault-worker-" + pid + "-err");

            return ready(directory, process, stdout, stderr, accept(server, process, stderr), null);
        } catch (IOException | RuntimeException e) {
            if (process != null) {
                process.destroyForcibly();
            }
            directory.close();
            throw e instanceof IOException io ? io : new IOException("the worker JVM did not start: " + e, e);
        }
    }

    /**
     * A worker that sees none of this machine's files: its directory here is a copy, made the way a worker's own
     * is (its trace is what the parent maps), and it listens on a port the parent connects to.
     */
    private static WorkerProcess startRemote(WorkerSettings settings, WorkerCommand command, Path library,
            RemoteLaunch launch, boolean ahead) throws IOException {
        RunDirectory directory = RunDirectory.create();
        Process process = null;
        try {
            WorkerRuntime.prepare(directory.path(), settings.traceCapacity(), library);
            String token = RemoteConnection.newToken();
            RemoteWorker worker = launch.start(new RemoteStart(command, library, directory.path(),
                    List.of(WorkerRuntime.NO_RULES, WorkerRuntime.RULES_LINK), settings.traceCapacity(), ahead, token));
            process = worker.process();
            directory.stopBeforeDeleting(process);
            long pid = process.pid();
            OutputTail stdout = new OutputTail(process.getInputStream(), false, "sysfault-worker-" + pid + "-out");
            OutputTail stderr = new OutputTail(process.getErrorStream(), true, "sysfault-worker-" + pid + "-err");
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (true) {
                // Until the worker listens, the engine's proxy takes the connection and ends it: try again.
                SocketChannel channel = null;
                try {
                    channel = RemoteConnection.connect(worker.address(), token);
                    return ready(directory, process, stdout, stderr, channel, new MirroredFiles(directory.path(), worker));
                } catch (IOException notYet) {
                    if (channel != null) {
                        channel.close();
                    }
                    awaitAgain(process, stderr, deadline);
                }
            }
        } catch (IOException | RuntimeException e) {
            if (process != null) {
                process.destroyForcibly();
                process.destroy();
            }
            directory.close();
            throw e instanceof IOException io ? io : new IOException("the worker JVM did not start: " + e, e);
        }
    }

    /** The worker connected on {@code channel}: once it says Ready, this parent's side of it. */
    private static WorkerProcess ready(RunDirectory directory, Process process, OutputTail stdout, OutputTail stderr,
            SocketChannel channel, MirroredFiles mirror) throws IOException {
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel)));
        DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel)));
        Message ready = Messages.read(in);
        if (!(ready instanceof Ready)) {
            throw new IOException("the worker JVM said " + ready + " instead of Ready");
        }
        return new WorkerProcess(directory, process, stdout, stderr, channel, out, in,
                SyscallTrace.open(directory.resolve(WorkerRuntime.TRACE_FILE)), mirror);
    }

    /** A pause before connecting again, unless the worker exited or the time to start is over. */
    private static void awaitAgain(Process process, OutputTail stderr, long deadline) throws IOException {
        if (!process.isAlive()) {
            throw new IOException("the worker JVM exited with status " + process.exitValue()
                    + " before it connected; its last output:\n  " + String.join("\n  ", stderr.lastLines()));
        }
        if (System.nanoTime() - deadline > 0) {
            throw new IOException("the worker JVM did not connect within " + START_TIMEOUT.toSeconds() + " s");
        }
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the worker JVM", e);
        }
    }

    private static SocketChannel accept(ServerSocketChannel server, Process process, OutputTail stderr)
            throws IOException {
        server.configureBlocking(false);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            SocketChannel channel = server.accept();
            if (channel != null) {
                channel.configureBlocking(true);
                return channel;
            }
            if (!process.isAlive()) {
                throw new IOException("the worker JVM exited with status " + process.exitValue()
                        + " before it connected; its last output:\n  " + String.join("\n  ", stderr.lastLines()));
            }
            if (System.nanoTime() - deadline > 0) {
                process.destroyForcibly();
                throw new IOException("the worker JVM did not connect within " + START_TIMEOUT.toSeconds() + " s");
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while starting the worker JVM", e);
            }
        }
    }

    boolean isUsable() {
        return usable && process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** The worker's whole trace (all tests); the parent reads the calls of a dead worker's last test from it. */
    SyscallTrace trace() {
        return trace;
    }

    /**
     * Runs the test with {@code rules} (null: none), which this JVM compiled from {@code faults}: the table goes into
     * the worker's directory, where the worker arms it and the counters stay readable afterwards. A worker that
     * dies or outlives {@code timeout} is killed, marked unusable and reported as a {@link WorkerCrashException}
     * naming its exit status, the calls the test made last and its faults, named by {@code labels} as the user wrote
     * them.
     */
    WorkerRun run(String uniqueId, String displayName, Duration timeout, RuleTable rules, List<Fault> faults,
            List<String> labels) {
        String rulesFile = null;
        if (rules != null) {
            rulesFile = "rules-" + (++tables) + ".bin";
            try {
                rules.write(directory.resolve(rulesFile));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the rule table into the worker's directory", e);
            }
        }
        List<SentFault> sent = faults.stream().map(f -> new SentFault(f.toSpec(), f.isOptional())).toList();
        // A copied directory's trace is brought level with the worker's first (Synced): its view starts then.
        SyscallTrace calls = mirror == null ? trace.fromNow() : trace;
        ArmedNote.clear(directory.path());
        BodyNotes.clear(directory.path());
        timedOut = false;
        ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> {
            timedOut = true;
            kill();
            if (mirror != null) {
                // A worker across the engine's port proxy: its end of the connection may outlive it, and the read
                // below would wait for ever. Closing ours ends that read (the crash path needs no channel).
                closeQuietly(channel);
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            if (mirror != null && rulesFile != null) {
                mirror.send(out, rulesFile);
            }
            Messages.write(out, new RunTest(uniqueId, rulesFile, sent));
            if (mirror != null) {
                Message synced = mirror.readPastFiles(in);
                if (!(synced instanceof Synced)) {
                    throw new IOException("the worker JVM answered " + synced + " instead of Synced");
                }
                calls = trace.fromNow();
            }
            Message answer = mirror == null ? Messages.read(in) : mirror.readPastFiles(in);
            if (answer instanceof Outcome outcome) {
                return new WorkerRun(outcome, rulesFile == null ? null : directory.resolve(rulesFile), calls,
                        BodyNotes.read(directory.path()));
            }
            throw new IOException("the worker JVM answered " + answer);
        } catch (IOException e) {
            usable = false;
            if (mirror != null) {
                waitForExit();   // the worker's files are whole once it is gone (a container's stay readable)
                mirror.copyAfterCrash();
            }
            String report = crashReport(displayName, timeout, calls, labels);   // before kill(), which would end a container
            kill();
            throw new WorkerCrashException(report, e);
        } finally {
            watchdog.cancel(false);
        }
    }

    private String crashReport(String displayName, Duration timeout, SyscallTrace calls, List<String> labels) {
        StringBuilder report = new StringBuilder("the worker JVM (pid ").append(process.pid()).append(") running ")
                .append(displayName);
        if (timedOut) {
            report.append(" was still running after sysfault.worker.timeout=").append(timeout.toMillis())
                    .append(" ms and was killed");
        } else {
            report.append(" ").append(CrashReport.describeExit(waitForExit()));
        }
        Optional<ArmedNote> note = ArmedNote.read(directory.path());
        if (note.isPresent()) {
            // in the body: its thread's calls and its children's, not the JVM threads', but for the exit_group
            // that ends the worker (System.exit has the JVM's VM thread make it)
            List<SyscallEvent> all = calls.events();
            Set<Long> threads = TraceScope.threads(note.get().bodyThread(), all);
            report.append(CrashReport.lastCalls(all.stream().filter(e -> threads.contains((long) e.tid())
                    || e.name().equals("exit_group")).toList(),
                    "the test's thread and the threads and processes it started recorded"));
            report.append(CrashReport.faults(labels.isEmpty() ? note.get().labels() : labels,
                    counters(note.get())));
        } else {
            report.append(CrashReport.lastCalls(calls.events(), "it recorded"));
        }
        List<String> lines = new ArrayList<>(stdout.lastLines());
        lines.addAll(stderr.lastLines());
        if (!lines.isEmpty()) {
            report.append("\nits last output:\n  ").append(String.join("\n  ", lines.subList(Math.max(0,
                    lines.size() - 15), lines.size())));
        }
        return report.toString();
    }

    private Optional<RuleCounters> counters(ArmedNote note) {
        try {
            return Optional.of(RuleCounters.read(directory.resolve(note.table())));
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty();   // a report without counts rather than none
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException alreadyBroken) {
            // the read it ends fails all the same
        }
    }

    private Integer waitForExit() {
        try {
            if (process.waitFor(10, TimeUnit.SECONDS)) {
                return process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    private void kill() {
        try {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
        } catch (UnsupportedOperationException notVisibleHere) {
            // a worker in a container: destroying it stops the container, and so everything in it
        }
        process.destroyForcibly();
    }

    @Override
    public void close() {
        try {
            channel.close();   // the worker reads the end of the stream and exits
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                kill();
            }
        } catch (IOException | InterruptedException e) {
            kill();
        } finally {
            process.destroy();   // nothing for an exited process; stops a worker's container
            directory.close();
        }
    }
}
