// The worker JVM's main: connects to the parent, then runs one test per request until told to stop.
package dev.sysfault.worker.internal;

import dev.sysfault.worker.internal.Messages.FilePart;
import dev.sysfault.worker.internal.Messages.Message;
import dev.sysfault.worker.internal.Messages.Outcome;
import dev.sysfault.worker.internal.Messages.Ready;
import dev.sysfault.worker.internal.Messages.RunTest;
import dev.sysfault.worker.internal.Messages.Synced;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Started by the parent with {@code libsysfault.so} preloaded and the worker socket's path as its argument, or
 * {@code tcp:PORT} for a worker that listens for its parent ({@link RemoteLaunch}), and {@value #AHEAD} for a
 * worker started before a test needs it.
 * This thread, which talks to the parent, is exempt from the rules and the trace; the tests run on another
 * ({@code sysfault-test}), so "every write fails with EIO" cannot keep an outcome from reaching the parent.
 */
public final class WorkerMain {

    /** The first argument's start for a worker that listens on a port ({@link RemoteLaunch}): tcp:PORT. */
    static final String LISTEN = "tcp:";
    /** The second argument of a worker started ahead of need. */
    static final String AHEAD = "ahead";
    /** A spare's rounds of the warm-up's two tests: the 40 tests one test a round ran before. */
    private static final int WARM_UP_ROUNDS = 20;

    private WorkerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 2 || args.length == 2 && !args[1].equals(AHEAD)) {
            System.err.println("usage: WorkerMain SOCKET|tcp:PORT [" + AHEAD + "] (started by SyscallFaultExtension, not by hand)");
            System.exit(2);
        }
        ExecutorService tests = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "sysfault-test");
            t.setDaemon(true);
            return t;
        });
        TestRunner runner = new TestRunner();
        AtomicBoolean testArrived = new AtomicBoolean();
        if (args.length == 2) {
            // Started ahead of need, so likely idle for a while: until the first test arrives, rounds of the warm-up's
            // tests get JUnit's code and ours loaded and compiled.
            tests.submit(() -> runner.warmUp(WARM_UP_ROUNDS, testArrived::get));
        } else {
            // Needed now: JUnit's engines load on the test thread while this one binds the library; then, until the
            // first test arrives, one round of the warm-up's tests, stopping between two once it has. A worker started
            // as discovery begins idles a few hundred ms before its first test; the round spends them on JUnit's way
            // from a request to the body, which that test would otherwise run cold.
            tests.submit(() -> {
                runner.loadEngines();
                runner.warmUp(1, testArrived::get);
            });
        }
        boolean remote = args[0].startsWith(LISTEN);
        try (SocketChannel channel = remote ? RemoteConnection.accept(Integer.parseInt(args[0].substring(LISTEN.length())))
                : SocketChannel.open(UnixDomainSocketAddress.of(Path.of(args[0])))) {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel)));
            Messages.write(out, new Ready());
            // While the parent sends the first test. No rules are in force before a test arms them, and no test
            // runs before this thread, which reads them, is exempt.
            WorkerRuntime runtime = WorkerRuntime.get();
            runtime.control().exemptThisThread();
            JnaStartup.recordPlatformPaths();
            runtime.warmUp();
            TraceChanges changes = remote ? TraceChanges.of(runtime.trace().file()) : null;
            DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel)));
            while (true) {
                Message message;
                try {
                    message = Messages.read(in);
                } catch (EOFException | SocketException parentIsDone) {
                    break;   // the parent closed the connection (or died): nothing more to run
                }
                if (message instanceof FilePart part && remote) {
                    runtime.receive(part);
                    continue;
                }
                if (!(message instanceof RunTest run)) {
                    break;
                }
                testArrived.set(true);
                if (remote) {
                    // The warm-up's round ends first; then the parent's copy of the trace is brought level with the
                    // file, and both raise its epoch, so that the parent's view of the test holds the test's calls.
                    tests.submit(() -> { }).get();
                    runtime.clearNotes();
                    changes.send(out);
                    Messages.write(out, new Synced());
                    runtime.trace().fromNow();
                }
                Outcome outcome = tests.submit(() -> {
                    // On the tests' thread, after the warm-up's test under way: that one must not see the
                    // request's rules (its calls would count as the request's faults firing), nor leave notes
                    // that a crash report of the request would read.
                    if (!remote) {
                        runtime.clearNotes();
                    }
                    runtime.receive(run);
                    return runner.run(run.uniqueId());
                }).get();
                if (remote) {
                    runtime.send(out, run.rules());
                    changes.send(out);
                }
                Messages.write(out, outcome);
            }
        }
        // The parent is done with this worker's class: its @AfterAll methods run now, on the tests' thread (after
        // the warm-up round under way, if no test ever came).
        testArrived.set(true);
        tests.submit(ClassLifecycleInWorker::runAfterAll).get();
        System.out.flush();
        System.err.flush();
        // Threads a test left running must not keep the worker alive.
        Runtime.getRuntime().halt(0);
    }

    /**
     * For {@link ArchiveMain}, in a JVM started like a worker but without a parent: loads what a worker loads on
     * its way to the end of its first test (the library bound, the protocol's messages written and read, a
     * faulted test and a faulted repetition, each run by its unique id), so that the JVM archives those classes
     * (and on JDK 25, their linking and the methods' profiles) when it exits.
     */
    public static void loadForArchive() throws Exception {
        WorkerRuntime runtime = WorkerRuntime.get();
        runtime.control().exemptThisThread();
        runtime.warmUp();
        SocketChannel.open(StandardProtocolFamily.UNIX).close();
        TestRunner runner = new TestRunner();
        runner.loadEngines();
        List<String> warmUp = runner.warmUpTestIds();
        for (int round = 0; round < 3; round++) {
            for (String test : warmUp) {
                Outcome outcome = runner.run(test);
                if (outcome.status() != Outcome.Status.PASSED) {
                    throw new IllegalStateException("the warm-up test " + test + " " + outcome.status() + ": "
                            + (outcome.thrown() == null ? outcome.reason() : ThrownAcross.read(outcome.thrown(),
                            WorkerMain.class.getClassLoader())));
                }
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                try (DataOutputStream out = new DataOutputStream(bytes)) {
                    Messages.write(out, new Ready());
                    Messages.write(out, new RunTest(test));
                    Messages.write(out, outcome);
                }
                try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                    for (int message = 0; message < 3; message++) {
                        Messages.read(in);
                    }
                }
            }
        }
    }
}
