// Benchmark fixture: an exploration of 30 runs of a body that waits 200 ms, as one awaiting a peer would, then saves a file.
package dev.sysfault.bench;

import dev.sysfault.junit.ExploreSyscallFaults;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

public class ExploreBenchCases {

    /** The body's own time beside its calls: what a run costs however the runs are spread. */
    static final long WAIT_MILLIS = 200;

    @ExploreSyscallFaults(fdPath = "bench.dat", budget = 30, expect = IOException.class)
    void saveAndWait() throws Exception {
        Thread.sleep(WAIT_MILLIS);   // first: a run whose fault throws waits as long as one that passes
        Path dir = Files.createTempDirectory("bench");
        try (FileOutputStream out = new FileOutputStream(dir.resolve("bench.dat").toFile())) {
            out.write(new byte[4096]);
            out.getFD().sync();
        } finally {
            Files.deleteIfExists(dir.resolve("bench.dat"));
            Files.delete(dir);
        }
    }
}
