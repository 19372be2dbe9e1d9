// The annotation users write: a fault the test method's body meets, in a worker JVM whose glibc is patched.
package dev.sysfault.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the test's body in a worker JVM under {@code libsysfault.so} with this fault armed, only around the body:
 *
 * <pre>{@code
 * @Test
 * @InjectSyscallFault(syscall = "fsync", errno = "EIO", fdPath = "/tmp/wal-*}{@code /**")
 * void walSurvivesFsyncFailure(SyscallTrace trace) { ... }
 * }</pre>
 *
 * On a method, a class (every test of it and of its {@code @Nested} classes) or another annotation (a team's
 * {@code @DiskFull}); repeatable. The elements are strace's {@code --inject} keys; an element left at its default
 * is not used. {@link #spec()} takes a whole SPEC instead ({@code "fsync:error=EIO:when=2+"}) and may not be
 * combined with the other elements. A value that cannot work fails the test with an
 * {@code ExtensionConfigurationException} naming the element.
 *
 * <p>A fault that fired zero times by the end of the body fails the test (after the body's own failure, if any):
 * the message says what it matched and which related calls the body made instead ({@code fdatasync} where the
 * fault waits for {@code fsync}). Write {@link #optional()} for a fault that may rightly not fire, or set the
 * configuration parameter {@code sysfault.faults.mustFire=false} for the whole run.
 *
 * <p>For a fault, the first matching rule wins: the method's faults come first, in the order written, then its
 * class's, then the enclosing classes', then those of a registered {@link SyscallFaultExtension}.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Repeatable(InjectSyscallFaults.class)
@ExtendWith(SyscallFaultExtension.class)
public @interface InjectSyscallFault {

    /** Syscalls: a name ({@code "fsync"}), several ({@code "read,write"}), a class ({@code "%file"}), a number. */
    String syscall() default "";

    /** Fail the call with this errno, by name ({@code "EIO"}) or number. */
    String errno() default "";

    /** Return this value without running the call ({@code "0"}, {@code "-1"}); strace's {@code retval=}. */
    String retval() default "";

    /** Which calls, counted per syscall and process: {@code "3"}, {@code "2+"}, {@code "2..5"}, {@code "1..9+2"}. */
    String when() default "";

    /** Fire at most this many times per process; 0 is no limit. */
    int times() default 0;

    /** Fire each call with this probability (0..1); {@code -1}, the default, is always. */
    double probability() default -1;

    /** The seed for {@link #probability()}: the same seed fires the same calls in every run. */
    long seed() default 0;

    /** Sleep before the call: {@code "200ms"}, {@code "1s"}, {@code "500us"}. */
    String delay() default "";

    /** Sleep after the call, as {@link #delay()}. */
    String delayAfter() default "";

    /** Raise this signal in the calling thread after the call: {@code "SIGUSR1"}. */
    String signal() default "";

    /** Run the call with a smaller byte count: {@code "1"} (at most 1 byte) or {@code "50%"}; strace-style short I/O. */
    String shorten() default "";

    /**
     * {@code true}: a peer that never answers ({@code connect}, {@code read}, {@code recvfrom}, {@code recvmsg},
     * {@code poll}, {@code epoll_wait}, {@code select} and their relatives wait until the code's own timeout).
     */
    boolean blackhole() default false;

    /** Only calls whose path argument matches this glob ({@code *} within a name, {@code **} across them). */
    String path() default "";

    /** Only calls on a file descriptor whose path matches this glob. */
    String fdPath() default "";

    /** A whole strace {@code --inject} SPEC, with sysfault's keys: {@code "getdents64:error=ENOTSUP:when=2+"}. */
    String spec() default "";

    /** {@code true}: the test may pass with this fault never fired (by default that fails it). */
    boolean optional() default false;
}
