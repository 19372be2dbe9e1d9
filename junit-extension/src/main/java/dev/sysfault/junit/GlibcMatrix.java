// Runs a test once per image, each in a worker JVM inside a container of it: the glibc matrix.
package dev.sysfault.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Instead of {@code @Test}: one invocation per image, named by image and glibc version
 * ({@code [bullseye] glibc 2.31}), each run as {@link RunInContainer} would. A {@link ContainerImage} parameter
 * says which image an invocation is for. Needs {@code sysfault-testcontainers} on the test class path, as
 * {@link RunInContainer} does.
 *
 * <pre>{@code
 * @GlibcMatrix({"sysfault/debian:bullseye", "sysfault/debian:bookworm", "sysfault/debian:trixie", "sysfault/debian:sid"})
 * @InjectSyscallFault(syscall = "fsync", errno = "EIO")
 * void walSurvivesFsyncFailure(SyscallTrace trace, ContainerImage image) { ... }
 * }</pre>
 */
// exports: JUnit makes GlibcMatrixInvocations, which users need not see (module-info opens the package to JUnit).
@SuppressWarnings("exports")
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@TestTemplate
@ExtendWith({GlibcMatrixInvocations.class, SyscallFaultExtension.class})
public @interface GlibcMatrix {

    /** The images, each with a {@code java} (17 or newer) on its PATH. */
    String[] value();
}
