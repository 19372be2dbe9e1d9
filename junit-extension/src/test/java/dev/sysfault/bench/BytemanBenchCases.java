// Benchmark fixture: the same 20 tests as FaultedBenchCases with Byteman's BMUnit making the sync fail instead.
package dev.sysfault.bench;

import java.io.IOException;
import java.nio.file.Path;
import org.jboss.byteman.contrib.bmunit.BMRule;
import org.jboss.byteman.contrib.bmunit.WithByteman;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * What issue 16's user compared sysfault with: a {@code @BMRule} that throws from the JDK's
 * {@code FileChannelImpl.force} (what {@link WriteAndSync}'s {@code force(true)} runs before its fsync), loaded by
 * BMUnit's agent into the test's own JVM. Its JVM needs {@code -Djdk.attach.allowAttachSelf=true} (JDK 9 and later),
 * as a user's Surefire {@code argLine} gives it.
 */
@WithByteman
@BMRule(name = "fsync fails", targetClass = "sun.nio.ch.FileChannelImpl", targetMethod = "force",
        targetLocation = "AT ENTRY", action = "throw new java.io.IOException(\"Input/output error\")")
public class BytemanBenchCases {

    @TempDir
    Path dir;

    @RepeatedTest(20)
    void writeAndSync(RepetitionInfo repetition) throws IOException {
        if (WriteAndSync.run(dir, repetition.getCurrentRepetition())) {
            throw new AssertionError("the sync succeeded: the fault was not there");
        }
    }
}
