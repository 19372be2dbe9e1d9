// Traces libsysfault.so's tests wrote (golden-traces/NAME.trace) read as the C side expects (NAME.strace).
package dev.sysfault.fault.trace;

import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

class GoldenTracesTest {

    static final Path GOLDEN = GoldenTraces.TEST_RESOURCES.resolve("golden-traces");

    @TestFactory
    Stream<DynamicTest> everyGoldenTracePrintsAsItsStraceFile() throws IOException {
        List<Path> traces = GoldenTraces.traces(GOLDEN);
        assumeThat(traces).as("golden traces from the C side in %s", GOLDEN).isNotEmpty();
        return traces.stream().map(t -> DynamicTest.dynamicTest(t.getFileName().toString(), () -> GoldenTraces.check(t)));
    }
}
