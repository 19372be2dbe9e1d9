// The fault language loaded ahead leaves nothing for the first faulted test's faults to load.
package dev.sysfault.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultLanguageTest {

    /**
     * In a fresh JVM, as a build tool forks one: once {@link FaultLanguage#loadAhead()} ran, the first test's fault
     * (issue 16's fsync EIO) is parsed, compiled and sent as a SPEC without loading a class, as that JVM's class
     * loading log shows. A class loaded there is cold code that the first faulted test would wait for.
     */
    @Test
    void theFirstTestsFaultLoadsNoClassAfterIt() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process jvm = new ProcessBuilder(java, "-Xlog:class+load=info:stdout", "-cp",
                System.getProperty("java.class.path"), FaultLanguageAhead.class.getName(), "fsync:error=EIO")
                .redirectErrorStream(true).start();
        List<String> log = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertThat(jvm.waitFor()).as(String.join("\n", log)).isZero();
        assertThat(log).contains(FaultLanguageAhead.AHEAD, FaultLanguageAhead.DONE);
        assertThat(log.subList(log.indexOf(FaultLanguageAhead.AHEAD), log.indexOf(FaultLanguageAhead.DONE)))
                .as("loaded by the first test's fault").filteredOn(line -> line.contains("[class,load]")).isEmpty();
    }
}
