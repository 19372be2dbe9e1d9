// Benchmark fixture: the 5 ms body explored, 300 faulted runs (the fault-free one first).
package dev.sysfault.bench;

import dev.sysfault.junit.ExploreSyscallFaults;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

public class ExploredBenchCases {

    @TempDir
    Path dir;

    @ExploreSyscallFaults(syscalls = {"openat", "write", "close"}, budget = ExplorationBench.RUNS)
    void body() {
        FiveMillisecondBody.run(dir);
    }
}
