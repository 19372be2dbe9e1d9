// Real programs meet the injected failure and report it; the trace and the counters show the injected calls.
package dev.sysfault.run;

import static dev.sysfault.junit.SyscallTraceAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sysfault.fault.Errno;
import dev.sysfault.fault.Fault;
import dev.sysfault.fault.FaultSpecException;
import dev.sysfault.fault.trace.TraceOptions;
import dev.sysfault.testsupport.NativeBuild;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FaultInjectionTest {

    @TempDir
    Path tmp;

    @Test
    void lsCannotReadTheDirectory() throws Exception {
        Files.writeString(tmp.resolve("a-file"), "x");
        try (ProcessResult r = SyscallFaults.command("ls")
                .inject(Fault.on("getdents64").fail(Errno.ENOTSUP))
                .trace(TraceOptions.all())
                .directory(tmp).env("LC_ALL", "C")
                .run()) {
            assertThat(r.stderr()).as(r.toString()).isEqualTo("ls: reading directory '.': Operation not supported\n");
            assertThat(r.stdout()).isEmpty();
            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.trace()).syscall("getdents64").wasInjected().failedWith(Errno.ENOTSUP).once();
            assertThat(r.trace()).syscall("openat").withPath(".").succeeded().once();
            assertThat(r.ruleCounters().fired(0)).isEqualTo(1);
            assertThat(r.ruleCounters().matched(0)).isEqualTo(1);
        }
    }

    /** Path arguments are read where process_vm_readv is refused too, as in a Docker container by default. */
    @Test
    void aPathRuleTakesItsCallWhereProcessVmReadvIsRefused() throws Exception {
        Path refused = Files.writeString(tmp.resolve("refused.txt"), "no");
        Path allowed = Files.writeString(tmp.resolve("allowed.txt"), "yes\n");
        try (ProcessResult r = SyscallFaults.command(NativeBuild.program("seccomp_deny").toString(), "vm-readv",
                        "cat", refused.toString(), allowed.toString())
                .inject(Fault.parse("openat:error=EACCES:path=" + refused))
                .trace(TraceOptions.all())
                .env("LC_ALL", "C")
                .run()) {
            assertThat(r.stderr()).as(r.toString()).isEqualTo("cat: " + refused + ": Permission denied\n");
            assertThat(r.stdout()).isEqualTo("yes\n");
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.trace()).syscall("openat").withPath(refused.toString()).wasInjected()
                    .failedWith(Errno.EACCES).once();
            assertThat(r.trace()).syscall("openat").withPath(allowed.toString()).succeeded().once();
        }
    }

    /** A call on a descriptor is selected by the descriptor's file: the trace holds the path it was opened for. */
    @Test
    void callsOnADescriptorAreSelectedByTheirFile() {
        Path journal = tmp.resolve("app.db-journal");
        try (ProcessResult r = SyscallFaults.command("dd", "if=/dev/zero", "of=" + journal, "bs=512", "count=2",
                        "conv=fsync")
                .inject(Fault.on("fsync").fail(Errno.EIO))
                .trace(TraceOptions.all())
                .env("LC_ALL", "C")
                .run()) {
            assertThat(r.stderr()).as(r.toString()).contains("Input/output error");
            assertThat(r.trace()).syscall("fsync").withFdPath("**/app.db-journal").wasInjected()
                    .failedWith(Errno.EIO).once();
            assertThat(r.trace()).syscall("write").withFdPath(journal.toString()).withResult(512).times(2);
            assertThat(r.trace()).syscall("read").withFdPath("/dev/zero").atLeast(2);
            assertThat(r.trace()).syscall("write").withFdPath("/dev/zero").never();
        }
    }

    @Test
    void gitInitCannotMakeItsDirectory() {
        Path repo = tmp.resolve("repo");
        try (ProcessResult r = SyscallFaults.command("git", "init", repo.toString())
                .inject(Fault.on("mkdir").fail(Errno.EACCES))
                .trace(TraceOptions.all())
                .env("LC_ALL", "C")
                .run()) {
            // git 2.39: "<dir>: Permission denied", exit status 1; the injected errno is what it reports
            assertThat(r.stderr()).as(r.toString()).contains("Permission denied").contains(repo.toString());
            assertThat(r.exitCode()).isNotZero();
            assertThat(r.trace()).syscall("mkdir").wasInjected().failedWith(Errno.EACCES).atLeastOnce();
            assertThat(r.ruleCounters().fired(0)).isPositive();
            assertThat(repo).doesNotExist();
        }
    }

    @Test
    void programsTheCommandStartsAreCoveredToo() {
        try (ProcessResult r = SyscallFaults.command("sh", "-c", "ls / >/dev/null; echo status $?")
                .inject(Fault.on("getdents64").fail(Errno.ENOTSUP))
                .env("LC_ALL", "C")
                .run()) {
            assertThat(r.stdout()).as(r.toString()).isEqualTo("status 2\n");
            assertThat(r.stderr()).isEqualTo("ls: reading directory '/': Operation not supported\n");
        }
    }

    @Test
    void faultsApplyInOrderAndCountSeparately() {
        try (ProcessResult r = SyscallFaults.command("cat", "/etc/hostname", "/etc/passwd")
                .inject(Fault.on("openat").path("/etc/hostname").fail(Errno.ENOENT))
                .inject(java.util.List.of(Fault.on("openat").path("/etc/passwd").fail(Errno.EPERM)))
                .env("LC_ALL", "C")
                .run()) {
            assertThat(r.stderr()).as(r.toString()).isEqualTo("cat: /etc/hostname: No such file or directory\n"
                    + "cat: /etc/passwd: Operation not permitted\n");
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.ruleCounters().rules()).hasSize(2);
            assertThat(r.ruleCounters().fired(0)).isEqualTo(1);
            assertThat(r.ruleCounters().fired(1)).isEqualTo(1);
            assertThat(r.toString()).contains("rules (matched/fired): 0: 1/1 1: 1/1");
        }
    }

    @Test
    void aFaultWithoutAnActionIsRefusedBeforeAnythingRuns() {
        assertThatThrownBy(() -> SyscallFaults.command("true").inject(Fault.on("read")).run())
                .isInstanceOf(FaultSpecException.class).hasMessageStartingWith("fault 0: ");
    }

    @Test
    void anUntracedResultSaysHowToTrace() {
        try (ProcessResult r = SyscallFaults.command("true").run()) {
            assertThat(r.traced()).isFalse();
            assertThat(r.ruleCounters().rules()).isEmpty();
            assertThatThrownBy(r::trace).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("call trace(TraceOptions)");
        }
    }

    @Test
    void aMissingProgramIsAnErrorThatNamesIt() {
        assertThatThrownBy(() -> SyscallFaults.command("/nonexistent/program", "x").run())
                .isInstanceOf(java.io.UncheckedIOException.class).hasMessageContaining("/nonexistent/program");
    }

    @Test
    void theTraceStaysReadableAfterClose() {
        ProcessResult r = SyscallFaults.command("true").trace(TraceOptions.all()).run();
        Path file = r.trace().file();
        r.close();
        assertThat(file).doesNotExist();
        assertThat(r.trace()).syscall("exit_group").once();
    }
}
