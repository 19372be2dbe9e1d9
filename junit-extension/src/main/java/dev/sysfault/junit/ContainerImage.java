// A test parameter: the image a @GlibcMatrix invocation runs in.
package dev.sysfault.junit;

/** @param name the image, as written in {@link GlibcMatrix#value()} */
public record ContainerImage(String name) {
}
