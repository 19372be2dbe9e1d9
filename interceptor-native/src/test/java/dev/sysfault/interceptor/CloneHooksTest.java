// The clone hooks (hooks/clone_hooks.c logs them) after a fork (progs/fork_once.c) and after clones that fail (progs/clone_failures.c).
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
        assertThat(hookCalls(log)).as("clone_hooks.so's log").containsExactly(
                "hook nr=435",
                // clone3's block could not be read: our hook gets zeros, syscall_intercept's is not called
                "parent returned=-14 flags=0x0 stack=0x0",
                "hook nr=435",
                "parent returned=-22 flags=0x10000 stack=given",
                "intercept_parent returned=-22",
                "hook nr=56",
                "parent returned=-22 flags=0x10000 stack=given",
                "intercept_parent returned=-22");
    }

    /** As syscall_intercept's hook_clone test: intercept_hook_point sees a fork once; its clone hooks do not run. */
    @Test
    void aForkIsOfferedToTheHookOnceAndOnlyOurCloneHooksRun() throws IOException {
        Path log = tmp.resolve("clone.log");
        ProgramRun.Result result = ProgramRun.of(NativeBuild.program("fork_once").toString())
                .preload(NativeBuild.preload("clone_hooks")).env("SYSFAULT_TEST_CLONE_LOG", log.toString()).run();

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout()).as(result.describe()).isEqualTo("child exited 0\n");
        assertThat(hookCalls(log)).as("clone_hooks.so's log (glibc's fork is a clone without a stack)")
                .containsExactlyInAnyOrder("hook nr=56", "parent returned=<child> flags=0x1200011 stack=0x0",
                        "child flags=0x1200011 stack=0x0");
    }

    /** The log without the start lines, ids and addresses: what a hook saw, in order. */
    private static List<String> hookCalls(Path log) throws IOException {
        return Files.readAllLines(log).stream().filter(line -> !line.startsWith("start "))
                .map(line -> line.replaceAll(" pid=\\d+ tid=\\d+", "")
                        .replaceAll(" returned=[1-9]\\d*", " returned=<child>")
                        .replaceAll(" stack=0x[1-9a-f][0-9a-f]*", " stack=given"))
                .toList();
    }
}
