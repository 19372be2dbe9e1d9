// Benchmark fixture: the same 20 tests as FaultedBenchCases without a fault, so they run in the JVM that runs them.
package dev.sysfault.bench;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.io.TempDir;

public class PlainBenchCases {

    @TempDir
    Path dir;

    @RepeatedTest(20)
    void writeAndSync(RepetitionInfo repetition) throws IOException {
        if (!WriteAndSync.run(dir, repetition.getCurrentRepetition())) {
            throw new AssertionError("the sync failed");
        }
    }
}
