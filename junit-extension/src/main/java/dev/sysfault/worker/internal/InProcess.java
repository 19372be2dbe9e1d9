// The run's first faulted test in this very JVM, when it was started with libsysfault.so preloaded: no worker to wait for.
package dev.sysfault.worker.internal;

import dev.sysfault.fault.Fault;
import dev.sysfault.fault.RuleCounters;
import dev.sysfault.fault.RuleTable;
import dev.sysfault.fault.Syscall;
import dev.sysfault.fault.SyscallTable;
import dev.sysfault.fault.internal.UserInput;
import dev.sysfault.run.internal.RunDirectory;
import dev.sysfault.run.internal.UnfiredFaults;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
 * <p>Only a test that cannot hurt this JVM beyond the body takes it ({@link #fits}): none of its faults raises a
 * signal (which may end the process), or is on a call the JVM itself makes on any thread to load classes, manage
 * memory or wait ({@link #RUNTIME_CALLS}: an {@code openat} fault would fail loading a class, which the JVM then
 * never loads again), and it asks for no {@code SyscallTrace} or {@code InjectedFaults} parameter. The
 * configuration parameter {@value #PARAMETER} says {@code first} (the default) or {@code never}.
 */
public final class InProcess {

    public static final String PARAMETER = "sysfault.inProcess";

    /**
     * The calls the JVM makes on a test's thread for itself: loading classes from jars and the runtime image,
     * memory, locks and parking, signals, threads. A fault on one of them runs in a worker, where a JVM broken by it
     * is thrown away.
     */
    static final Set<String> RUNTIME_CALLS = Set.of("open", "openat", "openat2", "read", "pread64", "readv", "preadv",
            "lseek", "close", "fstat", "newfstatat", "stat", "lstat", "statx", "access", "faccessat", "faccessat2",
            "readlink", "readlinkat", "getdents64", "getcwd", "mmap", "munmap", "mprotect", "madvise", "mremap", "brk",
            "futex", "sched_yield", "nanosleep", "clock_nanosleep", "clock_gettime", "gettimeofday",
            "rt_sigprocmask", "rt_sigaction", "rt_sigreturn", "sigaltstack", "tgkill", "tkill", "clone", "clone3",
            "set_robust_list", "rseq", "exit", "gettid", "getpid", "sched_getaffinity", "prctl", "sysinfo",
            "getrusage");
    private static final String LIBRARY_FILE = "/libsysfault.so";

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
        String preload = System.getenv("LD_PRELOAD");
        return preload != null && preload.contains("libsysfault") && !Workers.inWorker();
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
        if (binding == null && mayRunHere() && preloadedLibrary().isPresent()) {
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
                && faults.stream().allMatch(InProcess::fits) && !TAKEN.get() ? bound() : Optional.empty();
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

    /** A fault that can only fail the body's own calls: no signal, no call the JVM makes for itself. */
    static boolean fits(Fault fault) {
        return !fault.raisesSignal() && fault.syscalls().stream().map(SyscallTable::byNumber)
                .flatMap(Optional::stream).map(Syscall::name).noneMatch(RUNTIME_CALLS::contains);
    }

    private static Optional<InProcess> bound() {
        CompletableFuture<Optional<InProcess>> b;
        synchronized (InProcess.class) {
            if (binding == null) {
                binding = CompletableFuture.completedFuture(preloadedLibrary().isPresent() ? bind() : Optional.empty());
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
        Optional<Path> library = preloadedLibrary();
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
     * test does not wait for its code to load cold (about 20 to 40 ms on JDK 25). The fault language, a table written
     * and its counters read, the sentence of a fault that never fired, the control API's calls (scoping to nobody
     * changes nothing while no rule is in force, and a table that does not exist is refused), this thread's id, and
     * the extension's reading of a test's annotations ({@link #walkAheadWith}: 20 to 30 ms less for the first test,
     * median of 11 paired fresh JVMs on JDK 25).
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

    /**
     * The libsysfault.so this JVM has mapped, if {@code LD_PRELOAD} names one: by the path the kernel shows for the
     * mapping, and only while that path still leads to the mapped file (same device and inode), so that binding it
     * finds the library already loaded rather than whatever file is there now.
     */
    static Optional<Path> preloadedLibrary() {
        if (!mayRunHere()) {
            return Optional.empty();
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
                String[] f = line.trim().split("\\s+", 6);
                if (f.length == 6 && f[5].endsWith(LIBRARY_FILE)) {
                    Path path = Path.of(f[5]);
                    Object inode = Files.getAttribute(path, "unix:ino", LinkOption.NOFOLLOW_LINKS);
                    return inode instanceof Long n && n == Long.parseLong(f[4]) ? Optional.of(path) : Optional.empty();
                }
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();   // not readable, or the file is gone: a worker runs the test
        }
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
