// The run's first faulted test in this very JVM, when it was started with libsysfault.so preloaded: no worker to wait for.
package dev.sysfault.worker.internal;

import dev.sysfault.fault.Fault;
import dev.sysfault.fault.RuleCounters;
import dev.sysfault.fault.RuleTable;
import dev.sysfault.fault.internal.UserInput;
import dev.sysfault.run.internal.RunDirectory;
import dev.sysfault.run.internal.UnfiredFaults;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor.Invocation;

/**
 * Used by {@code SyscallFaultExtension}; not an API of its own. A worker JVM answers a test 50 to 100 ms after it
 * was asked, and the first one of a run is still starting: the run's first faulted test is the slowest of all. A
 * JVM that a build started with {@code LD_PRELOAD=libsysfault.so} (see the README) need not wait: its first faulted
 * test runs here, with its rules armed around the body through the library's control API and scoped to the body's
 * thread and the threads and processes it starts. The JVM's own threads (its compilers, its collector, the build
 * tool's threads that report results) meet no fault; the workers run the later tests, as they would have.
 *
 * <p>Only a test that cannot hurt this JVM beyond the body takes it: its faults spare the calls the JVM makes for
 * itself and raise no signal ({@link JvmOwnCalls}), and it asks for no {@code SyscallTrace} or {@code InjectedFaults}
 * parameter. The configuration parameter {@value #PARAMETER} says {@code first} (the default) or {@code never}. The
 * worker for the later tests starts once this one ended ({@link #startAfterFirst}).
 */
public final class InProcess {

    public static final String PARAMETER = "sysfault.inProcess";


    private static final AtomicBoolean TAKEN = new AtomicBoolean();
    private static CompletableFuture<Optional<InProcess>> binding;
    /** The unique id of the test that runs here, once one was claimed. */
    private static volatile String claimed;
    /** The spare worker's start, held back until the first faulted test ended ({@link #startAfterFirst}). */
    private static Runnable afterFirst;
    private static boolean firstDone;
    /** The extension's own part of a test's way, walked once on the binding thread ({@link #walkAheadWith}). */
    private static volatile Runnable extensionWalk = () -> { };

    private final SysfaultControl control;
    private final RunDirectory directory;

    private InProcess(SysfaultControl control, RunDirectory directory) {
        this.control = control;
        this.directory = directory;
    }

    /** Whether this JVM's {@code LD_PRELOAD} names libsysfault.so: then its first faulted test may run here. */
    public static boolean mayRunHere() {
        return PreloadedLibrary.named();
    }

    /**
     * Whether the run's first faulted test is expected to run here: this JVM preloads the library and the run does not
     * say {@value #PARAMETER}{@code =never}.
     */
    public static boolean expected(Function<String, Optional<String>> parameters) {
        return mayRunHere() && !parameters.apply(PARAMETER).map(String::trim).orElse("").equals("never");
    }

    /**
     * Starts the spare worker for the later faulted tests once the first one ended, rather than now: a worker JVM's
     * start took the CPU the first test needed (on two cores, its median rose from level with BMUnit's first test to
     * 60 ms behind it). At once if the first faulted test went to a worker, or has ended already.
     */
    public static synchronized void startAfterFirst(Runnable start) {
        if (firstDone) {
            start.run();
        } else {
            afterFirst = start;
        }
    }

    /** A test ended (a launcher listener says so): if it is the one that ran here, the spare worker may start. */
    public static void ended(String uniqueId) {
        if (uniqueId.equals(claimed)) {
            firstDone();
        }
    }

    private static void firstDone() {
        Runnable start;
        synchronized (InProcess.class) {
            firstDone = true;
            start = afterFirst;
            afterFirst = null;
        }
        if (start != null) {
            start.run();
        }
    }

    /**
     * What the extension does with a test's annotations before its body, to be done once ahead with the rest of
     * {@link #warmUp} (the extension's classes are not this package's to call).
     */
    public static void walkAheadWith(Runnable walk) {
        extensionWalk = walk;
    }

    /**
     * Binds the preloaded library on a thread of its own (JNA's start costs a fresh JVM tens of milliseconds), if
     * this JVM preloads it; called as discovery begins, so that the first test does not wait for it.
     */
    public static synchronized void prepareEarly() {
        if (binding == null && PreloadedLibrary.named() && PreloadedLibrary.mapped().isPresent()) {
            binding = CompletableFuture.supplyAsync(InProcess::bind);
        }
    }

    /**
     * This test's in-process run, if it is the run's first faulted test to fit and this JVM preloads the library;
     * else empty, and the test goes to a worker on this machine as any other (one held back for it starts now).
     *
     * @param plainParameters whether the test method takes no sysfault parameter
     */
    public static Optional<InProcess> claim(ExtensionContext context, List<Fault> faults, boolean plainParameters) {
        if (Workers.inWorker()) {
            return Optional.empty();
        }
        Optional<InProcess> bound = wanted(context) && !faults.isEmpty() && plainParameters
                && faults.stream().allMatch(JvmOwnCalls::spares) && !TAKEN.get() ? bound() : Optional.empty();
        if (bound.isEmpty() || !TAKEN.compareAndSet(false, true)) {
            firstDone();   // this faulted test goes to a worker: it starts now, if it was held back
            return Optional.empty();
        }
        claimed = context.getUniqueId();
        return bound;
    }

    private static boolean wanted(ExtensionContext context) {
        String value = context.getConfigurationParameter(PARAMETER).map(String::trim).orElse("first");
        return switch (value) {
            case "first" -> true;
            case "never" -> false;
            default -> throw new ExtensionConfigurationException("configuration parameter " + PARAMETER + "="
                    + UserInput.plain(value) + " is not first or never");
        };
    }

    private static Optional<InProcess> bound() {
        CompletableFuture<Optional<InProcess>> b;
        synchronized (InProcess.class) {
            if (binding == null) {
                binding = CompletableFuture.completedFuture(PreloadedLibrary.mapped().isPresent() ? bind() : Optional.empty());
            }
            b = binding;
        }
        try {
            return b.join();
        } catch (CompletionException e) {
            // Said by the test that needed it, as a worker's start would be: a library of another release, say.
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private static Optional<InProcess> bind() {
        Optional<Path> library = PreloadedLibrary.mapped();
        if (library.isEmpty()) {
            return Optional.empty();
        }
        JnaStartup.useHere();
        SysfaultControl control = SysfaultControl.bind(library.get());
        JnaStartup.recordPlatformPaths();
        System.clearProperty(JnaStartup.RECORD_PROPERTY);   // for a worker JVM to read, not to inherit from here
        InProcess bound = new InProcess(control, RunDirectory.create());
        bound.warmUp();
        return Optional.of(bound);
    }

    /**
     * One round of what a test's run does here, less the rules put in force, on the binding thread: so the first
     * test does not wait for its code to load cold (the bench's first test on JDK 25: +35 ms over BMUnit's
     * before, +21 after, one run each). The fault language, a table written
     * and its counters read, the sentence of a fault that never fired, the control API's calls (scoping to nobody
     * changes nothing while no rule is in force, and a table that does not exist is refused), this thread's id, and
     * the extension's reading of a test's annotations ({@link #walkAheadWith}).
     */
    private void warmUp() {
        FaultLanguage.loadAhead();
        Fault fault = Fault.parse("acct:error=EPERM");
        Path table = directory.resolve("warm-up-rules.bin");
        try {
            RuleTable.compile(List.of(fault)).write(table);
            UnfiredFaults.describe(List.of(fault), List.of("warm-up"), RuleCounters.read(table), () -> null,
                    "the body");
        } catch (IOException e) {
            return;   // the first test writes its own, and says what is wrong
        }
        control.scopeRules(0);
        try {
            control.loadRules(directory.resolve("no-such-table.bin"));
        } catch (ExtensionConfigurationException refused) {
            // as expected: there is no such table
        }
        ThisThread.kernelId();
        extensionWalk.run();
    }

    /** How the body ran here: what it threw (null when it passed) and how often each rule matched and fired. */
    public record Ran(Throwable thrown, RuleCounters counters) {
    }

    /** Runs the body with {@code rules} in force for the calling thread and what it starts, and nothing afterwards. */
    public Ran run(Invocation<Void> body, RuleTable rules) {
        Path table = directory.resolve("in-process-rules.bin");
        try {
            rules.write(table);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the rule table " + table, e);
        }
        Throwable thrown = null;
        // Scoped before the rules are in force, and cleared before the scope is: no other thread ever meets them.
        control.scopeRules(ThisThread.kernelId());
        try {
            control.loadRules(table);
            try {
                body.proceed();
            } catch (Throwable t) {
                thrown = t;
            } finally {
                control.clearRules();
            }
        } finally {
            control.scopeRules(0);
        }
        try {
            return new Ran(thrown, RuleCounters.read(table));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the rule counters in " + table, e);
        }
    }
}
