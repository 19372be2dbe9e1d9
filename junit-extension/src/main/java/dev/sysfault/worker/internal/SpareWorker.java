// One worker JVM started ahead of need, so the next class (or, with reuse=test, the next test) need not wait for one.
package dev.sysfault.worker.internal;

import dev.sysfault.run.internal.NativeLibrary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A worker let go leaves a new one starting in the background, for the same settings and library; taking a worker
 * for other settings closes the spare. At most one spare exists; it is closed when this JVM exits.
 */
public final class SpareWorker {

    private static final ExecutorService STARTER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "sysfault-spare-worker");
        t.setDaemon(true);
        return t;
    });

    private static CompletableFuture<WorkerProcess> spare;
    private static WorkerSettings spareSettings;
    private static WorkerCommand spareCommand;
    /** The spare was started as discovery began, and no plan has asked for it yet. */
    private static boolean early;
    /** Plans without faulted tests so far: one that begins before an early spare is started stops it. */
    private static int plansWithoutFaults;
    /** The fault language was loaded on the starter's thread (once a JVM). */
    private static boolean languageLoaded;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(SpareWorker::discard, "sysfault-spare-worker-close"));
    }

    private SpareWorker() {
    }

    /** The spare if it was made for the same settings and command and is alive, else a worker started now. */
    static WorkerProcess take(WorkerSettings settings, Path library) throws IOException {
        WorkerCommand command = WorkerCommand.of(settings, library);
        CompletableFuture<WorkerProcess> mine = null;
        synchronized (SpareWorker.class) {
            if (spare != null && settings.equals(spareSettings) && command.equals(spareCommand)) {
                mine = spare;
                spare = null;
            }
            discard();
        }
        if (mine != null) {
            try {
                WorkerProcess w = mine.join();
                if (w.isUsable()) {
                    return w;
                }
                w.close();
            } catch (CompletionException failedToStart) {
                // start one here, which reports why
            }
        }
        return WorkerProcess.start(settings, command, library, WorkerLaunch.HOST, false);
    }

    /**
     * Starts a spare in the background, unless one for the same settings exists: called when a worker is let go
     * (its class is done, or it served its one test), when the next is likely to be needed soon, and not while
     * tests run, whose CPU it would take.
     */
    public static void prepare(WorkerSettings settings, Path library) {
        WorkerCommand command = WorkerCommand.of(settings, library);
        synchronized (SpareWorker.class) {
            early = false;
            if (spare != null && settings.equals(spareSettings) && command.equals(spareCommand)) {
                return;
            }
            start(settings, command, library, true);
        }
    }

    /**
     * Starts a spare as a test run's discovery begins, before there is a plan, if {@code needed} (evaluated here, in
     * the background, like {@code settings}) and no spare exists. {@link #planWithoutFaults()} closes it if no plan
     * wants it after all. Unlike a spare a class leaves, it warms up with one round of the warm-up's tests only
     * ({@code WorkerMain}): its first test comes as soon as discovery ends, and rounds run until then took CPU that
     * discovery needed (on two cores, the run's first test ended 60 to 90 ms later).
     */
    public static void prepareEarly(BooleanSupplier needed, Supplier<WorkerSettings> settings) {
        int plansBefore;
        synchronized (SpareWorker.class) {
            plansBefore = plansWithoutFaults;
        }
        STARTER.execute(() -> {
            try {
                if (!needed.getAsBoolean()) {
                    return;
                }
                WorkerSettings s = settings.get();
                Path library = NativeLibrary.path();
                WorkerCommand command = WorkerCommand.of(s, library);
                synchronized (SpareWorker.class) {
                    if (spare == null && plansWithoutFaults == plansBefore) {
                        start(s, command, library, false);
                        early = true;
                    }
                }
            } catch (RuntimeException e) {
                // no library here, a bad parameter...: a faulted test says so, if there is one
            }
        });
    }

    /** A plan without faulted tests: a spare started early for it is not needed after all. */
    public static synchronized void planWithoutFaults() {
        plansWithoutFaults++;
        if (early) {
            discard();
        }
    }

    private static void start(WorkerSettings settings, WorkerCommand command, Path library, boolean ahead) {
        discard();
        spareSettings = settings;
        spareCommand = command;
        spare = CompletableFuture.supplyAsync(() -> {
            try {
                return WorkerProcess.start(settings, command, library, WorkerLaunch.HOST, ahead);
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        }, STARTER);
        loadFaultLanguage();
    }

    /** Queued behind the worker's start, once a JVM: {@link FaultLanguage#loadAhead()}. */
    private static void loadFaultLanguage() {
        if (languageLoaded) {
            return;
        }
        languageLoaded = true;
        STARTER.execute(FaultLanguage::loadAhead);
    }

    /** Closes the spare, if there is one (once it has started, in the background). */
    static synchronized void discard() {
        early = false;
        if (spare != null) {
            CompletableFuture<WorkerProcess> old = spare;
            spare = null;
            old.thenAccept(WorkerProcess::close);
        }
    }
}
