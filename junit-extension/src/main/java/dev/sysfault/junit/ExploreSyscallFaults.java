// The annotation users write instead of @Test: run the body once per failure it could meet, found by recording it.
package dev.sysfault.junit;

import dev.sysfault.explore.Mode;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Fault exploration: the first invocation is the fault-free run, recorded twice in the class's worker JVM; each
 * later one arms one fault at one of the failure points the recording showed (a syscall on a file or socket the
 * body's threads used, never the JVM's own class loading), named like {@code fsync #3 on wal.log → EIO (once)}:
 *
 * <pre>{@code
 * @ExploreSyscallFaults(syscalls = {"fsync", "write"}, expect = IOException.class)
 * void walNeverLosesACommittedRecord(@TempDir Path dir, ExploredFault fault) throws IOException { ... }
 * }</pre>
 *
 * The test's own assertions decide each run; on top of them a run fails when the worker crashed or hung, when the
 * body threw an exception that is none of {@link #expect()} (when given), or when the body left a descriptor or a
 * thread open that the fault-free run did not ({@code leak}). A failed run's message ends with the
 * {@link InjectSyscallFault} that arms the same fault, to paste on a {@code @Test}. A fault that never fired
 * says nothing about the code: its run is aborted. The summary goes to {@code target/sysfault/exploration/} and to
 * the JUnit report entries. The body should be repeatable: every run starts from its own {@code @BeforeEach}.
 *
 * <p>An element left at its default does not narrow the search. A value that cannot work fails the test with an
 * {@code ExtensionConfigurationException} naming the element.
 *
 * <p>Under JUnit's parallel execution, classes explore at the same time, each in its own worker; one exploration's
 * runs take their turns in its class's worker ({@code SAME_THREAD}): each is planned from the fault-free one and
 * swaps the rules of the one before it. With the worker in a container and {@code sysfault.worker.containers} N > 1,
 * the runs spread over up to N containers, each worker with the class's {@code @BeforeAll} state of its own; each
 * invocation still reports its own run.
 */
// exports: the extension is package-private, as JUnit's own are; JUnit makes it by reflection (the module opens
// this package to it), and users only name the annotation.
@SuppressWarnings("exports")
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@TestTemplate
@Execution(ExecutionMode.SAME_THREAD)
@ExtendWith(SyscallExploration.class)
public @interface ExploreSyscallFaults {

    /** Only these syscalls ({@code {"fsync", "write"}}). */
    String[] syscalls() default {};

    /** Only calls whose path argument matches this glob (the file name alone, {@code "*.conf"}, matches in any directory). */
    String path() default "";

    /** Only calls on a descriptor whose file matches this glob ({@code "wal.log"}, {@code "/data/**"}). */
    String fdPath() default "";

    /** Only these errnos ({@code {"EIO", "ENOSPC"}}), each where the syscall's man page lists it; {@code "short"} for a short transfer. */
    String[] errnos() default {};

    /** {@code ONCE}: only that call fails; {@code FROM_THEN_ON}: it and every later matching one. */
    Mode[] mode() default {Mode.ONCE, Mode.FROM_THEN_ON};

    /** At most this many faulted runs; more candidates are sampled, every point before any second errno. */
    int budget() default 500;

    /** Exceptions the code may rightly throw when a call fails (an {@code IOException}); any other fails the run. */
    Class<? extends Throwable>[] expect() default {};

    /** What the sampling draws from: the same seed and recording give the same runs. */
    long seed() default 0;
}
