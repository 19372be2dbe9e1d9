// `sysfault syscalls`, `sysfault errnos` and `--help`, run in this JVM: the tables a SPEC draws on.
package dev.sysfault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListingsTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int sysfault(String... args) {
        return Main.execute(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private List<String> lines() {
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void aClassListsTheSyscallsStracePutsInIt() {
        assertThat(sysfault("syscalls", "%network")).isZero();

        assertThat(lines()).contains(
                " 41  socket                   %network",
                " 42  connect                  %network",
                " 40  sendfile                 %desc %network");
        assertThat(lines()).noneMatch(l -> l.contains(" read "))
                .allMatch(l -> l.endsWith("%network") || l.contains("%network "));
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void aNameFilterIsASubstringAndANumberFilterIsExact() {
        assertThat(sysfault("syscalls", "getdents")).isZero();
        assertThat(lines()).containsExactly(
                " 78  getdents                 %desc",
                "217  getdents64               %desc");
        out.reset();
        assertThat(sysfault("syscalls", "257")).isZero();
        assertThat(lines()).containsExactly("257  openat                   %file %desc");
    }

    @Test
    void everySyscallWithoutAFilter() {
        assertThat(sysfault("syscalls")).isZero();
        assertThat(lines()).hasSizeGreaterThan(350).first().isEqualTo("  0  read                     %desc");
    }

    @Test
    void errnosByPartOfTheirName() {
        assertThat(sysfault("errnos", "ENOT")).isZero();

        assertThat(lines()).contains(
                "  20  ENOTDIR          Not a directory",
                "  95  ENOTSUP          Operation not supported (same number as EOPNOTSUPP)")
                .allMatch(l -> l.matches(" *\\d+  E\\w*NOT\\w* +.+"));
        out.reset();
        assertThat(sysfault("errnos", "enoent")).isZero();
        assertThat(lines()).containsExactly("   2  ENOENT           No such file or directory");
        out.reset();
        assertThat(sysfault("errnos", "95")).isZero();
        assertThat(lines()).containsExactly(
                "  95  ENOTSUP          Operation not supported (same number as EOPNOTSUPP)",
                "  95  EOPNOTSUPP       Operation not supported");
    }

    @Test
    void aFilterThatMatchesNothingExits1() {
        assertThat(sysfault("errnos", "EWHATEVER")).isEqualTo(1);
        assertThat(sysfault("syscalls", "frobnicate")).isEqualTo(1);
        assertThat(out.size()).isZero();
    }

    @Test
    void anUnknownClassIsAMistake() {
        assertThat(sysfault("syscalls", "%disk")).isEqualTo(Main.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("sysfault: unknown syscall class %disk; the classes are %file %desc %network")
                .hasLineCount(1);
    }

    @Test
    void helpDocumentsTheCommandsAndEveryExitStatus() {
        assertThat(sysfault("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("sysfault run [--inject SPEC]... [--trace FILE|-] [--summary] [--timeout DURATION] -- COMMAND")
                .contains("a class such as %network")
                .contains("  2    a mistake in sysfault's arguments")
                .contains("  124  --timeout ran out")
                .contains("  125  sysfault itself failed")
                .contains("  127  COMMAND was not found")
                .contains("exits 3 when the\nbuild is missing");
        String help = out.toString(StandardCharsets.UTF_8);
        out.reset();
        assertThat(sysfault("run", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(help);
    }
}
