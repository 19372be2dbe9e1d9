// A run directory's owner is gone only when that is certain: a live JVM's directory is never a leftover.
package dev.sysfault.run.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunOwnerTest {

    @Test
    void thisJvmIsNotGoneAndReadsBackAsWritten(@TempDir Path dir) throws Exception {
        RunOwner me = RunOwner.current();
        me.writeTo(dir);
        assertThat(RunOwner.readFrom(dir)).contains(me);
        assertThat(me.isGone()).isFalse();
    }

    @Test
    void aProcessThatHasExitedIsGone() throws Exception {
        Process process = new ProcessBuilder("true").start();
        RunOwner me = RunOwner.current();
        long pid = process.pid();
        process.waitFor(); // reaped by the JDK: its pid is free
        assertThat(new RunOwner(me.boot(), me.pidNamespace(), pid, me.startTicks()).isGone()).isTrue();
    }

    @Test
    void aPidTakenByAnotherProcessIsGone() throws Exception {
        RunOwner me = RunOwner.current();
        assertThat(new RunOwner(me.boot(), me.pidNamespace(), me.pid(), me.startTicks() - 1).isGone()).isTrue();
    }

    @Test
    void anOwnerOfAnotherBootOrPidNamespaceCannotBeToldSoIsNotGone() throws Exception {
        RunOwner me = RunOwner.current();
        assertThat(new RunOwner("another-boot", me.pidNamespace(), me.pid(), me.startTicks() - 1).isGone()).isFalse();
        assertThat(new RunOwner(me.boot(), "pid:[1]", me.pid(), me.startTicks() - 1).isGone()).isFalse();
    }

    @Test
    void aMissingOrGarbledOwnerIsNone(@TempDir Path dir) throws Exception {
        assertThat(RunOwner.readFrom(dir)).isEmpty();
        Files.writeString(dir.resolve(RunOwner.FILE_NAME), "12 x\n");
        assertThat(RunOwner.readFrom(dir)).isEmpty();
    }
}
