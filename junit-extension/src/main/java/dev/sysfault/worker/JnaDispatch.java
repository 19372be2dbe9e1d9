// JNA's native library, copied once into sysfault's cache, so that a worker JVM need not unpack it at every start.
package dev.sysfault.worker;

import dev.sysfault.run.NativeLibrary;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * JNA unpacks {@code libjnidispatch.so} from its jar to a new temporary file in every JVM, which took a worker
 * about 50 ms. Pointed at a copy by {@code jna.boot.library.path}, it loads that instead. The copy is the jar's,
 * byte for byte, in {@code <cache>/jna/<hash>/}.
 */
final class JnaDispatch {

    private static final String RESOURCE = "com/sun/jna/linux-x86-64/libjnidispatch.so";

    private static Path copy;

    private JnaDispatch() {
    }

    /** The worker's option naming the copy's directory; none if this class path's JNA has no such library. */
    static synchronized List<String> options() {
        if (copy == null || !Files.isRegularFile(copy)) {
            try (InputStream in = JnaDispatch.class.getClassLoader().getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    return List.of();   // JNA unpacks whatever it has, as it would
                }
                copy = NativeLibrary.cachedCopy("jna", "libjnidispatch.so", in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + RESOURCE + " from the class path", e);
            }
        }
        return List.of("-Djna.boot.library.path=" + copy.getParent());
    }
}
