// The team's glibc matrix, defined once: Debian's four glibcs, from the images ci/make-images builds.
package dev.sysfault.samples.glibc;

import dev.sysfault.junit.GlibcMatrix;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** bullseye (glibc 2.31, JDK 17), bookworm (2.36, 17), trixie (2.41, 21), sid (2.43 or newer). */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@GlibcMatrix({"sysfault/debian:bullseye", "sysfault/debian:bookworm", "sysfault/debian:trixie", "sysfault/debian:sid"})
public @interface OnEveryGlibc {
}
