// The clone hooks after a clone or clone3 that fails (src/test/c/progs/clone_failures.c): the caller learns the errno, nothing crashes.
package dev.sysfault.interceptor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CloneHooksTest {

    @TempDir
    Path tmp;

    @Test
    void failedClonesReachTheParentHooksWithTheirErrno() throws IOException {
        ProgramRun.Result plain = ProgramRun.of(NativeBuild.program("clone_failures").toString()).run();
        Path log = tmp.resolve("clone.log");
        ProgramRun.Result hooked = ProgramRun.of(NativeBuild.program("clone_failures").toString())
                .preload(NativeBuild.preload("clone_hooks")).env("SYSFAULT_TEST_CLONE_LOG", log.toString()).run();

        assertThat(plain.exitCode()).as(plain.describe()).isZero();
        assertThat(hooked.exitCode()).as(hooked.describe()).isZero();
        assertThat(hooked.stdout()).as(hooked.describe()).isEqualTo(plain.stdout()).isEqualTo("""
                clone3 bad block: EFAULT
                clone3 with a stack: EINVAL
                clone with a stack: EINVAL
                """);
        List<String> hookCalls = Files.readAllLines(log).stream().filter(line -> !line.startsWith("start "))
                .map(line -> line.replaceAll(" pid=\\d+ tid=\\d+", "").replaceAll(" stack=0x[1-9a-f][0-9a-f]*", " stack=given"))
                .toList();
        assertThat(hookCalls).as("clone_hooks.so's log").containsExactly(
                // clone3's block could not be read: our hook gets zeros, syscall_intercept's is not called
                "parent returned=-14 flags=0x0 stack=0x0",
                "parent returned=-22 flags=0x10000 stack=given",
                "intercept_parent returned=-22",
                "parent returned=-22 flags=0x10000 stack=given",
                "intercept_parent returned=-22");
    }
}
