// The empty rule table a worker starts with: the compiler's bytes, written without loading the syscall table.
package dev.sysfault.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sysfault.fault.RuleTable;
import dev.sysfault.testsupport.NativeBuild;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NoRulesTest {

    private static final Path SOURCE = Path.of("src/main/resources/dev/sysfault/worker/internal",
            WorkerRuntime.NO_RULES_RESOURCE);

    /**
     * The shipped table is what the compiler makes of no faults: a change to the rule table's format or to the
     * syscall table changes it; rewrite it with {@code -Dsysfault.golden.update=true} and review the diff.
     */
    @Test
    void isTheCompiledEmptyTable() throws Exception {
        byte[] compiled = RuleTable.compile(List.of()).bytes();
        if (Boolean.getBoolean("sysfault.golden.update")) {
            Files.write(SOURCE, compiled);
        }
        byte[] shipped;
        try (InputStream in = WorkerRuntime.class.getResourceAsStream(WorkerRuntime.NO_RULES_RESOURCE)) {
            assertThat(in).as("the resource " + WorkerRuntime.NO_RULES_RESOURCE).isNotNull();
            shipped = in.readAllBytes();
        }
        assertThat(shipped).as("%s is not the compiled empty table: rewrite it with -Dsysfault.golden.update=true",
                SOURCE).isEqualTo(compiled);
    }

    /**
     * In a fresh JVM, as a build tool forks one: writing a worker's files loads no syscall table (20 to 30 ms of
     * cold code before the first worker's spawn), as that JVM's class loading log shows.
     */
    @Test
    void aFreshJvmWritesAWorkersFilesWithoutTheSyscallTable(@TempDir Path directory) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process jvm = new ProcessBuilder(java, "-Xlog:class+load=info:stdout", "-cp",
                System.getProperty("java.class.path"), PrepareWorkerFiles.class.getName(), directory.toString(),
                NativeBuild.library().toString()).redirectErrorStream(true).start();
        List<String> log = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertThat(jvm.waitFor()).as(String.join("\n", log)).isZero();
        assertThat(log).contains(PrepareWorkerFiles.DONE);
        assertThat(log.stream().filter(line -> line.contains("[class,load] dev.sysfault.fault.SyscallTable ")))
                .as("the JVM loaded").isEmpty();
        assertThat(RuleTable.read(Files.readAllBytes(directory.resolve(WorkerRuntime.NO_RULES))).rules()).isEmpty();
    }
}
