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

/**
 * One run of fixture classes; {@link #pids()} says in which process each noted step ran. The log is read once every
 * fixture has ended (their workers with them) and deleted: a run leaves nothing behind in the temporary directory.
 */
final class FixtureRun {

    private final List<String> notes;
    private final EngineExecutionResults results;

    private FixtureRun(List<String> notes, EngineExecutionResults results) {
        this.notes = List.copyOf(notes);
        this.results = results;
    }

    static FixtureRun of(Map<String, String> parameters, Class<?>... fixtures) {
        try {
            // A file, not a pipe or a JVM's memory: worker JVMs (in containers too) append to it by path.
            Path log = Files.createTempFile("sysfault-fixture-", ".log");
            System.setProperty(FixtureLog.PROPERTY, log.toString());
            try {
                EngineTestKit.Builder kit = EngineTestKit.engine("junit-jupiter")
                        .selectors(Arrays.stream(fixtures).map(c -> selectClass(c)).toArray(
                                org.junit.platform.engine.DiscoverySelector[]::new));
                parameters.forEach(kit::configurationParameter);
                EngineExecutionResults results = kit.execute();
                return new FixtureRun(Files.readAllLines(log), results);
            } finally {
                System.clearProperty(FixtureLog.PROPERTY);
                Files.deleteIfExists(log);
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
        Map<String, Long> pids = new LinkedHashMap<>();
        for (String line : notes) {
            String[] parts = line.split(" ");
            pids.put(parts[0], Long.parseLong(parts[1]));
        }
        return pids;
    }

    List<String> notes() {
        return notes;
    }
}
