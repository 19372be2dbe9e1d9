// Traces libsysfault.so's tests wrote (golden-traces/NAME.trace) read as the C side expects (NAME.strace).
package dev.sysfault.fault.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class GoldenTracesTest {

    static final Path GOLDEN = GoldenTraces.TEST_RESOURCES.resolve("golden-traces");

    @TestFactory
    Stream<DynamicTest> everyGoldenTracePrintsAsItsStraceFile() throws IOException {
        List<Path> traces = GoldenTraces.traces(GOLDEN);
        assumeThat(traces).as("golden traces from the C side in %s", GOLDEN).isNotEmpty();
        return traces.stream().map(t -> DynamicTest.dynamicTest(t.getFileName().toString(), () -> GoldenTraces.check(t)));
    }

    /** The C recorder stores the path of descriptor 3 (/dev/null) with the calls on it; descriptor 4 was not open. */
    @Test
    void callsOnADescriptorCarryItsPath() throws IOException {
        List<SyscallEvent> events = SyscallTrace.open(GOLDEN.resolve("calls.trace")).events();
        assertThat(events).filteredOn(e -> List.of("write", "read", "fsync", "close").contains(e.name()))
                .extracting(SyscallEvent::fdPath).containsOnly(Optional.of("/dev/null"));
        assertThat(events).filteredOn(e -> e.name().equals("fdatasync")).extracting(SyscallEvent::fdPath)
                .containsExactly(Optional.empty());
        assertThat(events).filteredOn(e -> e.name().equals("openat")).extracting(SyscallEvent::fdPath)
                .containsOnly(Optional.empty());
        assertThat(events).filteredOn(e -> e.fdPath().isPresent()).extracting(SyscallEvent::path)
                .containsOnly(Optional.empty());
    }
}
