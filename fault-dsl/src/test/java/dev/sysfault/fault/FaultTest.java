// What the DSL and the SPEC parser resolve faults to: aliases with notes, classes, sets, when, units.
package dev.sysfault.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FaultTest {

    private static int nr(String name) {
        return SyscallTable.byName(name).orElseThrow().number();
    }

    @Test
    void aliasesResolveToWhatGlibcCallsAndSaySo() {
        Fault open = Fault.on("open").fail(Errno.EACCES);
        assertThat(open.syscalls()).containsExactly(nr("open"), nr("openat"));
        assertThat(open.notes()).containsExactly("open also matches openat: glibc opens files with openat");
        assertThat(open.toString()).isEqualTo("open:error=EACCES [open also matches openat: glibc opens files with openat]");
        assertThat(Fault.on("stat").fail(Errno.ENOENT).syscalls()).containsExactly(4, 262, 332);
        assertThat(Fault.on("lstat").fail(Errno.ENOENT).syscalls()).containsExactly(6, 262, 332);
        assertThat(Fault.on("fstat").fail(Errno.EIO).syscalls()).containsExactly(5, 262);
        assertThat(Fault.on("getdents").fail(Errno.EIO).syscalls()).containsExactly(78, 217);
        assertThat(Fault.on("creat").fail(Errno.EIO).syscalls()).containsExactly(85, 257);
        assertThat(Fault.on("sleep").delayAfter(Duration.ZERO).notes())
                .containsExactly("sleep means clock_nanosleep: glibc's sleep() calls clock_nanosleep");
    }

    @Test
    void aPathMatcherOnAClassKeepsTheCallsWithAPathAndSaysWhichItDropped() {
        Fault f = Fault.on(SyscallClass.FILE).path("/data/**").fail(Errno.EIO);
        assertThat(f.syscalls()).doesNotContain(nr("getcwd")).contains(nr("openat"), nr("renameat2"));
        assertThat(f.notes()).singleElement().asString().contains("path(\"/data/**\") keeps the")
                .contains("getcwd");
    }

    @Test
    void setsFollowStrace() {
        assertThat(Fault.parse("/^pread|^pwrite:error=EIO").syscalls()).contains(17, 18, 295, 296, 327, 328);
        assertThatThrownBy(() -> Fault.parse("!all:error=EIO")).hasMessageContaining("\"!all\" selects no syscall");
        assertThat(Fault.parse("?nosuchcall,read:error=EIO").syscalls()).containsExactly(0);
        assertThat(Fault.parse("!read:error=EIO").syscalls()).doesNotContain(0).contains(1).hasSize(
                SyscallTable.all().size() - 1);
        assertThat(Fault.parse("file:error=EIO").syscalls()).isEqualTo(Fault.on(SyscallClass.FILE).fail(1).syscalls());
        assertThat(Fault.parse("%%statfs:error=EIO").syscalls()).containsExactly(136, 137, 138);
        assertThat(Fault.on(SyscallClass.PURE).fail(1).syscalls()).contains(nr("getpid"), nr("getppid"));
    }

    @Test
    void whenFormsAreStraces() {
        assertThat(SettingText.when("2", Vocabulary.SPEC)).isEqualTo(new When(2, 2, 1));
        assertThat(SettingText.when("2+", Vocabulary.SPEC)).isEqualTo(new When(2, 0, 1));
        assertThat(SettingText.when("2+3", Vocabulary.SPEC)).isEqualTo(new When(2, 0, 3));
        assertThat(SettingText.when("2..7", Vocabulary.SPEC)).isEqualTo(new When(2, 7, 1));
        assertThat(SettingText.when("2..7+", Vocabulary.SPEC)).isEqualTo(new When(2, 7, 1));
        assertThat(SettingText.when("2..7+2", Vocabulary.SPEC)).isEqualTo(new When(2, 7, 2));
        assertThat(new When(2, 7, 2)).hasToString("2..7+2");
        assertThat(new When(2, 0, 1)).hasToString("2+");
        assertThat(new When(4, 4, 1)).hasToString("4");
    }

    @Test
    void delaysUseStracesUnits() {
        assertThat(SettingText.delay("100", Setting.DELAY, Vocabulary.SPEC)).isEqualTo(Duration.ofNanos(100_000));
        assertThat(SettingText.delay("100us", Setting.DELAY, Vocabulary.SPEC)).isEqualTo(Duration.ofNanos(100_000));
        assertThat(SettingText.delay("100ms", Setting.DELAY, Vocabulary.SPEC)).isEqualTo(Duration.ofMillis(100));
        assertThat(SettingText.delay("2s", Setting.DELAY, Vocabulary.SPEC)).isEqualTo(Duration.ofSeconds(2));
        assertThat(SettingText.delay("1.5ms", Setting.DELAY, Vocabulary.SPEC)).isEqualTo(Duration.ofNanos(1_500_000));
        assertThat(SettingText.delay("1500ns", Setting.DELAY, Vocabulary.SPEC)).isEqualTo(Duration.ofNanos(1500));
        assertThat(SettingText.delay("2e-3s", Setting.DELAY, Vocabulary.SPEC)).isEqualTo(Duration.ofMillis(2));
        // the table keeps microseconds and rounds up, never down to no delay
        assertThat(Fault.parse("read:delay_enter=1500ns").toRule().delayEnterUs()).isEqualTo(2);
    }

    @Test
    void aProbabilityOfOneIsNoProbabilityAndZeroNeverFires() {
        assertThat(Fault.on("read").fail(5).probability(1, 3).toRule().has(Rule.PROBABILITY)).isFalse();
        Rule never = Fault.on("read").fail(5).probability(0, 3).toRule();
        assertThat(never.has(Rule.PROBABILITY)).isTrue();
        assertThat(never.probability()).isZero();
        assertThat(Fault.on("read").fail(5).probability(0.5, 3).toRule().probability()).isEqualTo(1L << 31);
    }

    @Test
    void faultsAreValues() {
        Fault base = Fault.on("read");
        Fault failing = base.fail(Errno.EIO);
        assertThat(base).isNotSameAs(failing);
        assertThat(base.toSpec()).isEqualTo("read");
        assertThat(failing).isEqualTo(Fault.parse("read:error=EIO")).hasSameHashCodeAs(Fault.parse("read:error=EIO"));
    }
}
