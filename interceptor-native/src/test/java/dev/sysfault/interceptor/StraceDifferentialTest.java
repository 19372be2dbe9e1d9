// Differential test: every SPEC of differential/specs.txt, under strace --inject and under libsysfault.so, gives the same exit status, stdout and stderr.
package dev.sysfault.interceptor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sysfault.fault.Fault;
import dev.sysfault.fault.RuleTable;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The proof that sysfault does what strace's {@code --inject} does: src/test/c/progs/known_calls makes a
 * fixed sequence of file and network calls and prints what each one returned; for every SPEC of
 * {@code differential/specs.txt} it runs once under {@code strace -f -o /dev/null --inject=SPEC}
 * and once under libsysfault.so with the SPEC compiled by fault-dsl into a rule table
 * ({@code SYSFAULT_RULES}). Exit status, stdout and stderr must be the same, and must differ from a
 * run without injection, since a SPEC that changes nothing proves nothing.
 *
 * <p>Why strace runs a static build of the same source: strace counts (and injects into) every
 * system call from the {@code execve} on, including the dynamic loader's {@code openat}, {@code
 * read}, {@code pread64}, {@code newfstatat} and {@code close} of libc.so.6 and ld.so.cache;
 * libsysfault.so sees only what the patched glibc does after its constructor. With the dynamic
 * program, {@code read:error=EIO:when=2} would hit a call of the loader under strace (or
 * {@code read:error=EIO} would stop libc from loading at all) and the program's second read under
 * sysfault. The static build makes no file or network call before {@code main}, and
 * {@link #staticAndDynamicBuildsMakeTheSameCallsFromMainOn} checks that from {@code main} on it
 * makes the same calls as the dynamic one, apart from malloc's first {@code getrandom} and {@code
 * brk}, which the static build makes at start-up (so no SPEC names those; see specs.txt).
 */
class StraceDifferentialTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** The first call of known_calls' main(): everything from here on is the program's own. */
    private static final String MAIN_MARKER = "rt_sigaction(SIGUSR1";

    /** Calls malloc makes the first time it runs: before main in a static build, in main otherwise. */
    private static final Set<String> MALLOC_START_UP = Set.of("brk", "getrandom");

    @TempDir
    static Path scratch;

    private static Path dynamicProgram;
    private static Path staticProgram;
    private static ProgramRun.Result straceBaseline;

    @BeforeAll
    static void buildAndRunWithoutInjection() throws IOException, InterruptedException {
        dynamicProgram = NativeBuild.program("known_calls");
        staticProgram = buildStatic();
        ProgramRun.Result probe = ProgramRun.of("strace", "-V").run();
        assertThat(probe.exitCode()).as("strace must be installed (ci/ installs it): %s", probe)
                .isZero();
        straceBaseline = underStrace(null);
        assertThat(straceBaseline.stderr()).as(straceBaseline.describe()).isEmpty();
        assertThat(straceBaseline.stdout()).as(straceBaseline.describe())
                .startsWith("sigaction SIGUSR1 = 0\nknown_calls: start\n")
                .contains("known_calls: hello on stdout\n")
                .contains("  received: \"hello\"\n")
                .endsWith("known_calls: SIGUSR1 handled 0 times, 9 calls failed\n");
        assertThat(straceBaseline.exitCode()).as(straceBaseline.describe()).isEqualTo(9);
    }

    /** The static build of src/test/c/progs/known_calls.c, with the flags of src/test/c/test.mk. */
    private static Path buildStatic() throws IOException {
        Path source = Path.of(System.getProperty("sysfault.source.dir", "."))
                .resolve("src/test/c/progs/known_calls.c").toAbsolutePath();
        assertThat(source).exists();
        Path output = scratch.resolve("known_calls-static");
        ProgramRun.Result gcc = ProgramRun.of("gcc", "-std=gnu11", "-O2", "-g", "-Wall", "-Wextra",
                "-Werror", "-D_GNU_SOURCE", "-static", source.toString(), "-o", output.toString())
                .timeout(TIMEOUT).run();
        assertThat(gcc.exitCode()).as("static build of known_calls (needs libc6-dev's libc.a): %s",
                gcc).isZero();
        return output;
    }

    // ---- the runs ------------------------------------------------------------------------------

    /** A fresh, empty directory by its real path (known_calls prints getcwd relative to it). */
    private static Path freshDir() {
        try {
            return Files.createTempDirectory(scratch, "run-").toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The static build under strace, with {@code --inject=spec} unless spec is null. */
    private static ProgramRun.Result underStrace(String spec) {
        Path dir = freshDir();
        List<String> command = new ArrayList<>(List.of("strace", "-f", "-o", "/dev/null"));
        if (spec != null) {
            command.add("--inject=" + spec);
        }
        command.add(staticProgram.toString());
        command.add(dir.toString());
        return ProgramRun.of(command).in(dir).timeout(TIMEOUT).run();
    }

    /** The dynamic build under libsysfault.so, with the rule table if one is given. */
    private static ProgramRun.Result underSysfault(Path rules) {
        Path dir = freshDir();
        ProgramRun run = ProgramRun.of(dynamicProgram.toString(), dir.toString()).in(dir)
                .preload(NativeBuild.preload()).timeout(TIMEOUT);
        if (rules != null) {
            run.env("SYSFAULT_RULES", rules.toString());
        }
        return run.run();
    }

    private static ProgramRun.Result plain(Path program) {
        Path dir = freshDir();
        return ProgramRun.of(program.toString(), dir.toString()).in(dir).timeout(TIMEOUT).run();
    }

    private static Path compile(String label, List<Fault> faults) throws IOException {
        Path file = Files.createTempFile(scratch, label.replaceAll("[^A-Za-z0-9]+", "_"), ".rules");
        RuleTable.compile(faults).write(file);
        return file;
    }

    // ---- without injection ---------------------------------------------------------------------

    @Test
    void withoutInjectionEveryWayOfRunningPrintsTheSame() throws IOException {
        List<ProgramRun.Result> others = List.of(
                plain(dynamicProgram),
                plain(staticProgram),
                underSysfault(null),
                underSysfault(compile("empty", List.of())));
        for (ProgramRun.Result other : others) {
            assertSame("(no SPEC)", straceBaseline, other);
        }
    }

    @Test
    void staticAndDynamicBuildsMakeTheSameCallsFromMainOn() {
        List<String> fromStatic = callsFromMain(staticProgram);
        List<String> fromDynamic = callsFromMain(dynamicProgram);
        assertThat(fromStatic).as("system calls of the static build from main() on, under strace")
                .hasSizeGreaterThan(100)
                .isEqualTo(fromDynamic);
    }

    /** The names of the calls the program makes from main() on, without malloc's first ones. */
    private static List<String> callsFromMain(Path program) {
        Path dir = freshDir();
        Path trace = scratch.resolve("trace-" + dir.getFileName());
        ProgramRun.Result result = ProgramRun.of("strace", "-qq", "-o", trace.toString(),
                program.toString(), dir.toString()).in(dir).timeout(TIMEOUT).run();
        assertThat(result.exitCode()).as(result.describe()).isEqualTo(straceBaseline.exitCode());
        List<String> lines;
        try {
            lines = Files.readAllLines(trace);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> names = new ArrayList<>();
        boolean inMain = false;
        Pattern call = Pattern.compile("^([a-z0-9_]+)\\(");
        for (String line : lines) {
            inMain |= line.startsWith(MAIN_MARKER);
            Matcher m = call.matcher(line);
            if (inMain && m.find() && !MALLOC_START_UP.contains(m.group(1))) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    // ---- one SPEC each -------------------------------------------------------------------------

    static List<String> specs() throws IOException {
        List<String> specs = new ArrayList<>();
        try (InputStream in = StraceDifferentialTest.class.getResourceAsStream("/differential/specs.txt")) {
            assertThat(in).as("differential/specs.txt on the test class path").isNotNull();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = reader.readLine()) != null;) {
                String spec = line.replaceFirst("#.*", "").strip();
                if (!spec.isEmpty()) {
                    specs.add(spec);
                }
            }
        }
        assertThat(specs).as("SPECs in differential/specs.txt").hasSizeGreaterThanOrEqualTo(40)
                .doesNotHaveDuplicates();
        return specs;
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("specs")
    void sameAsStrace(String spec) throws IOException {
        ProgramRun.Result strace = underStrace(spec);
        assertThat(strace.stderr()).as("strace's own complaint about %s: %s", spec, strace.describe())
                .doesNotContain("strace: ");
        assertThat(differs(straceBaseline, strace))
                .as("%s must change what known_calls does under strace, or it proves nothing; it"
                        + " printed exactly what it prints without injection:%n%s", spec,
                        strace.describe())
                .isTrue();

        Path rules = compile(spec, List.of(Fault.parse(spec)));
        ProgramRun.Result sysfault = underSysfault(rules);

        assertSame(spec, strace, sysfault);
    }

    // ---- comparing -----------------------------------------------------------------------------

    private static boolean differs(ProgramRun.Result a, ProgramRun.Result b) {
        return a.exitCode() != b.exitCode() || !Arrays.equals(a.stdoutBytes(), b.stdoutBytes())
                || !Arrays.equals(a.stderrBytes(), b.stderrBytes());
    }

    /** Fails with the SPEC, both exit statuses and a line diff of stdout and stderr if they differ. */
    private static void assertSame(String spec, ProgramRun.Result expected, ProgramRun.Result actual) {
        if (!differs(expected, actual)) {
            return;
        }
        StringBuilder message = new StringBuilder()
                .append("SPEC ").append(spec).append(": the runs differ\n")
                .append("  expected: ").append(expected.command()).append(' ').append(expected.addedEnv())
                .append('\n')
                .append("  actual:   ").append(actual.command()).append(' ').append(actual.addedEnv())
                .append('\n')
                .append("exit status: expected ").append(expected.exitCode()).append(", actual ")
                .append(actual.exitCode()).append('\n')
                .append("--- stdout (- expected, + actual) ---\n")
                .append(lineDiff(expected.stdout(), actual.stdout()))
                .append("--- stderr (- expected, + actual) ---\n")
                .append(lineDiff(expected.stderr(), actual.stderr()))
                .append("--- whole stdout, expected ---\n").append(expected.stdout())
                .append("--- whole stdout, actual ---\n").append(actual.stdout());
        throw new AssertionError(message.toString());
    }

    /** A line diff (longest common subsequence) with two lines of context around each change. */
    static String lineDiff(String expectedText, String actualText) {
        if (expectedText.equals(actualText)) {
            return "  (same)\n";
        }
        String[] a = expectedText.split("\n", -1);
        String[] b = actualText.split("\n", -1);
        int[][] common = new int[a.length + 1][b.length + 1];
        for (int i = a.length - 1; i >= 0; i--) {
            for (int j = b.length - 1; j >= 0; j--) {
                common[i][j] = a[i].equals(b[j]) ? common[i + 1][j + 1] + 1
                        : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        List<String> lines = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.length || j < b.length) {
            if (i < a.length && j < b.length && a[i].equals(b[j])) {
                lines.add("  " + a[i++]);
                j++;
            } else if (i < a.length && (j == b.length || common[i + 1][j] >= common[i][j + 1])) {
                lines.add("- " + a[i++]);
            } else {
                lines.add("+ " + b[j++]);
            }
        }
        boolean[] shown = new boolean[lines.size()];
        for (int k = 0; k < lines.size(); k++) {
            if (!lines.get(k).startsWith("  ")) {
                for (int c = Math.max(0, k - 2); c <= Math.min(lines.size() - 1, k + 2); c++) {
                    shown[c] = true;
                }
            }
        }
        StringBuilder out = new StringBuilder();
        for (int k = 0; k < lines.size(); k++) {
            if (shown[k]) {
                out.append(lines.get(k)).append('\n');
            } else if (k > 0 && shown[k - 1]) {
                out.append("  ...\n");
            }
        }
        return out.toString();
    }
}
