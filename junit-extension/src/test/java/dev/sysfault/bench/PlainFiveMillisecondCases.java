// Benchmark fixture: the 5 ms body without sysfault, as the baseline of an explored run.
package dev.sysfault.bench;

import java.nio.file.Path;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.io.TempDir;

public class PlainFiveMillisecondCases {

    @TempDir
    Path dir;

    @RepeatedTest(ExplorationBench.PLAIN_RUNS)
    void body() {
        FiveMillisecondBody.run(dir);
    }
}
