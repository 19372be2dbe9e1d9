// Runs fixture classes through EngineTestKit, with a fixture log to see which JVM ran what.
package dev.sysfault.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.sysfault.junit.fixtures.FixtureLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/** One run of fixture classes; {@link #pids()} says in which process each noted step ran. */
final class FixtureRun {

    private final Path log;
    private final EngineExecutionResults results;

    private FixtureRun(Path log, EngineExecutionResults results) {
        this.log = log;
        this.results = results;
    }

    static FixtureRun of(Map<String, String> parameters, Class<?>... fixtures) {
        try {
            Path log = Files.createTempFile("sysfault-fixture-", ".log");
            System.setProperty(FixtureLog.PROPERTY, log.toString());
            try {
                EngineTestKit.Builder kit = EngineTestKit.engine("junit-jupiter")
                        .selectors(Arrays.stream(fixtures).map(c -> selectClass(c)).toArray(
                                org.junit.platform.engine.DiscoverySelector[]::new));
                parameters.forEach(kit::configurationParameter);
                return new FixtureRun(log, kit.execute());
            } finally {
                System.clearProperty(FixtureLog.PROPERTY);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static FixtureRun of(Class<?>... fixtures) {
        return of(Map.of(), fixtures);
    }

    EngineExecutionResults results() {
        return results;
    }

    /** What each noted step said, with the pid it ran in, in order. */
    Map<String, Long> pids() {
        try {
            Map<String, Long> pids = new LinkedHashMap<>();
            for (String line : Files.readAllLines(log)) {
                String[] parts = line.split(" ");
                pids.put(parts[0], Long.parseLong(parts[1]));
            }
            return pids;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<String> notes() {
        try {
            return Files.readAllLines(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
