// Golden tests of the patcher: code bytes in, patch decisions, patched bytes and trampolines out.
package dev.sysfault.interceptor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Each {@code src/test/c/golden/cases/NAME.case} (code bytes and the function ranges .eh_frame would
 * give) is run through the real planner and trampoline emitter by {@code patcher_golden}; its
 * report must equal {@code NAME.expected} byte for byte. After a deliberate change, regenerate
 * with {@code -Dsysfault.golden.update=true} and review the diff of the .expected files.
 */
class PatcherGoldenTest {

    private static final Path CASES = Path.of(System.getProperty("sysfault.source.dir", "."))
            .resolve("src/test/c/golden/cases");

    @TestFactory
    Stream<DynamicTest> everyCaseMatchesItsExpectedReport() throws IOException {
        List<Path> cases;
        try (Stream<Path> files = Files.list(CASES)) {
            cases = files.filter(p -> p.toString().endsWith(".case")).sorted().toList();
        }
        assertThat(cases).as("golden cases in %s", CASES).hasSizeGreaterThanOrEqualTo(8);
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.getFileName().toString(), () -> check(c)));
    }

    @Test
    void theCasesCoverEveryPatchStyleAndEveryReasonToRefuseANeighbour() throws IOException {
        String all = report("padding") + report("endbr_relocate") + report("rip_relative")
                + report("jump_into_region") + report("jump_table") + report("far_branch")
                + report("not_instructions") + report("after_fde_end");
        assertThat(all)
                .contains("short jump to padding")
                .contains("move to the trampoline (1 before, 0 after the syscall)")
                .contains("move to the trampoline (0 before, 1 after the syscall)")
                .contains("NOT patched: no padding within a short jump")
                .contains("3 byte pairs 0f 05 inside other instructions, 2 outside every function");
        // endbr64 stays where an indirect call lands
        assertThat(report("endbr_relocate")).contains("7 bytes from +0x1004");
        // the moved RIP-relative load reads the same address as before
        assertThat(report("rip_relative"))
                .containsSubsequence("mov rdx, qword ptr [rip + 0x1ff0]    ; RIP operand at 0x7f0000002ffd",
                        "trampoline at", "mov rdx, qword ptr [rip + 0x", "    ; RIP operand at 0x7f0000002ffd");
        // a jump table entry and a far branch from a cold part keep their targets outside regions
        assertThat(report("jump_table")).contains("7 bytes from +0x1010 move to the trampoline (1 before");
        assertThat(report("far_branch")).contains("6 bytes from +0x1005 move to the trampoline (0 before, 2 after");
    }

    private static String report(String name) {
        ProgramRun.Result run = ProgramRun.of(NativeBuild.program("patcher_golden").toString(),
                CASES.resolve(name + ".case").toString()).run();
        assertThat(run.exitCode()).as(run.describe()).isZero();
        return run.stdout();
    }

    private static void check(Path caseFile) throws IOException {
        String name = caseFile.getFileName().toString().replaceFirst("\\.case$", "");
        String actual = report(name);
        Path expectedFile = CASES.resolve(name + ".expected");
        if (Boolean.getBoolean("sysfault.golden.update")) {
            Files.writeString(expectedFile, actual, StandardCharsets.UTF_8);
        }
        assertThat(expectedFile).as("expected report; create it with -Dsysfault.golden.update=true").exists();
        assertThat(actual).as("patcher report for %s", caseFile).isEqualTo(Files.readString(expectedFile));
    }
}
