// The body of the exploration benchmark: a few small files written, then CPU work up to 5 ms in all.
package dev.sysfault.bench;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Path;

/** Never fails whatever call fails: the benchmark times runs, and a failing run would time its failure too. */
final class FiveMillisecondBody {

    static final long NANOS = 5_000_000;
    static final int FILES = 7;

    private FiveMillisecondBody() {
    }

    static void run(Path dir) {
        long start = System.nanoTime();
        for (int i = 0; i < FILES; i++) {
            try (FileOutputStream out = new FileOutputStream(dir.resolve("f" + i).toFile())) {
                out.write(new byte[4096]);   // no fsync: a disk's sync alone takes longer than 5 ms
            } catch (IOException failed) {
                // what exploration injected: the body goes on
            }
        }
        long spins = 0;
        while (System.nanoTime() - start < NANOS) {
            spins++;   // fixed work: the body's own time is 5 ms whatever its calls cost
        }
        if (spins < 0) {
            throw new AssertionError();
        }
    }
}
