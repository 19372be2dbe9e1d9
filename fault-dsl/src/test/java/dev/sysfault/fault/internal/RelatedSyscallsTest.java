// The families a never-fired fault's message draws its "calls like it" from, and the optional mark of the DSL.
package dev.sysfault.fault.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sysfault.fault.Errno;
import dev.sysfault.fault.Fault;
import dev.sysfault.fault.SyscallTable;
import java.util.List;
import org.junit.jupiter.api.Test;

class RelatedSyscallsTest {

    @Test
    void theCallsCodePicksBetweenForOneJobAreRelated() {
        assertThat(RelatedSyscalls.of(List.of("fsync"))).startsWith("fsync")
                .contains("fdatasync", "sync_file_range", "syncfs", "msync").doesNotContain("write");
        assertThat(RelatedSyscalls.of(List.of("write")))
                .contains("pwrite64", "writev", "pwritev2", "sendfile", "copy_file_range", "splice", "sendto", "sendmsg");
        assertThat(RelatedSyscalls.of(List.of("open"))).contains("openat", "openat2", "creat");
        assertThat(RelatedSyscalls.of(List.of("stat"))).contains("newfstatat", "statx", "lstat", "fstat");
        assertThat(RelatedSyscalls.of(List.of("getpid"))).containsExactly("getpid");
    }

    @Test
    void everyRelatedCallIsInTheSyscallTable() {
        assertThat(RelatedSyscalls.TABLE.stream().flatMap(List::stream))
                .allSatisfy(name -> assertThat(SyscallTable.byName(name)).as(name).isPresent());
    }

    @Test
    void descriptorCallsAreKnown() {
        assertThat(RelatedSyscalls.descriptorArguments("fdatasync")).containsExactly(0);
        assertThat(RelatedSyscalls.descriptorArguments("sendfile")).containsExactly(0, 1);
        assertThat(RelatedSyscalls.descriptorArguments("copy_file_range")).containsExactly(0, 2);
        assertThat(RelatedSyscalls.descriptorArguments("openat")).isEmpty();
    }

    @Test
    void optionalSurvivesTheMethodsAfterIt() {
        Fault f = Fault.on("fsync").optional().fail(Errno.EIO).when(2);
        assertThat(f.isOptional()).isTrue();
        assertThat(Fault.on("fsync").fail(Errno.EIO).isOptional()).isFalse();
        assertThat(f).isNotEqualTo(Fault.on("fsync").fail(Errno.EIO).when(2));
        assertThat(f.trigger()).isEqualTo("when=2");
        assertThat(Fault.parse("fsync:error=EIO:when=3+:probability=0.5:seed=7").trigger())
                .isEqualTo("when=3+:probability=0.5:seed=7");
        assertThat(Fault.on("fsync").fail(Errno.EIO).trigger()).isEmpty();
        assertThat(Fault.parse("write:short=1000").trigger()).isEqualTo("short=1000");
    }
}
