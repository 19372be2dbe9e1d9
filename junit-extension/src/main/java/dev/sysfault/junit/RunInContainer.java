// Runs faulted tests in a worker JVM inside a container of an image: another glibc, another JDK.
package dev.sysfault.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * On a method or class: the test runs in a worker JVM inside a container of {@link #value()}, with or without
 * faults; the protocol, faults and trace are those of a worker on this machine.
 *
 * <pre>{@code
 * @Test
 * @RunInContainer("sysfault/debian:bullseye")
 * @InjectSyscallFault(syscall = "getdents64", errno = "ENOTSUP")
 * void listingOnGlibc231(SyscallTrace trace) { ... }
 * }</pre>
 *
 * The image needs a {@code java} on its PATH (a JRE of release 17 or newer) and a glibc (2.31 or newer); the
 * Docker engine must be local, since the test class path, {@code libsysfault.so} and the worker's files are
 * mounted at the paths they have here. Without a Docker engine the test is skipped, with the reason. On
 * a method, it wins over the class's. The containers come from {@code sysfault-testcontainers}, which must be on
 * the test class path (this module brings no Testcontainers).
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@ExtendWith(SyscallFaultExtension.class)
public @interface RunInContainer {

    /** The image: {@code sysfault/debian:bookworm} (built by ci/make-images), {@code eclipse-temurin:21}. */
    String value();
}
