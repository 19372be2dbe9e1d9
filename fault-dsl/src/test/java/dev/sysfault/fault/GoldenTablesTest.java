// Golden rule tables: each golden/NAME.spec compiles to NAME.rules byte for byte and dumps as NAME.dump.
package dev.sysfault.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The C side reads the same .rules files with its own reader and must print the same .dump. After a
 * deliberate change, regenerate with {@code -Dsysfault.golden.update=true} and review the diff.
 */
class GoldenTablesTest {

    static final Path GOLDEN = Path.of(System.getProperty("sysfault.source.dir", "."))
            .resolve("src/test/resources/golden");

    @TestFactory
    Stream<DynamicTest> everySpecCompilesToItsRulesAndDump() throws IOException {
        List<Path> specs = specs();
        assertThat(specs).as("golden specs in %s", GOLDEN).hasSizeGreaterThanOrEqualTo(6);
        return specs.stream().map(s -> DynamicTest.dynamicTest(s.getFileName().toString(), () -> check(s)));
    }

    @Test
    void theGoldenTablesSetEveryFlagAndEveryArgOp() throws IOException {
        int flags = 0;
        Set<Integer> ops = new HashSet<>();
        for (Path spec : specs()) {
            for (Rule r : RuleTable.read(Files.readAllBytes(rules(spec))).rules()) {
                flags |= r.flags();
                if (r.has(Rule.ARG)) {
                    ops.add(r.argOp());
                }
            }
        }
        assertThat(flags).isEqualTo(Rule.KNOWN);
        assertThat(ops).containsExactlyInAnyOrder(0, 1, 2, 3, 4);
    }

    static List<Fault> faults(Path spec) throws IOException {
        return Files.readAllLines(spec).stream().filter(l -> !l.isBlank() && !l.startsWith("#"))
                .map(Fault::parse).toList();
    }

    private static List<Path> specs() throws IOException {
        try (Stream<Path> files = Files.list(GOLDEN)) {
            return files.filter(p -> p.toString().endsWith(".spec")).sorted().toList();
        }
    }

    private static Path rules(Path spec) {
        return spec.resolveSibling(spec.getFileName().toString().replaceFirst("\\.spec$", ".rules"));
    }

    private static void check(Path spec) throws IOException {
        RuleTable table = RuleTable.compile(faults(spec));
        Path rulesFile = rules(spec);
        Path dumpFile = spec.resolveSibling(spec.getFileName().toString().replaceFirst("\\.spec$", ".dump"));
        if (Boolean.getBoolean("sysfault.golden.update")) {
            table.write(rulesFile);
            Files.writeString(dumpFile, table.dump(), StandardCharsets.UTF_8);
        }
        assertThat(rulesFile).as("golden table; create it with -Dsysfault.golden.update=true").exists();
        byte[] golden = Files.readAllBytes(rulesFile);
        assertThat(table.bytes()).as("compiled %s", spec).isEqualTo(golden);
        assertThat(table.dump()).as("dump of %s", spec).isEqualTo(Files.readString(dumpFile));
        RuleTable back = RuleTable.read(golden);
        assertThat(back.rules()).isEqualTo(table.rules());
        assertThat(back.dump()).isEqualTo(table.dump());
    }
}
