// The workers' class data sharing archive: made in the background, mapped by a JVM, refused when it could change a lookup.
package dev.sysfault.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sysfault.run.internal.CacheDirectory;
import dev.sysfault.run.internal.NativeLibrary;
import dev.sysfault.run.OtherUser;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClassArchiveTest {

    @TempDir
    static Path cache;
    static Path library;
    static WorkerCommand command;

    @BeforeAll
    static void theWorkerCommandOfThisJvm() {
        library = NativeLibrary.path();
        command = WorkerCommand.of(WorkerSettings.from(name -> Optional.empty()), library);
    }

    @Test
    @Order(1)
    void theFirstWorkerStartsWithoutAndTheArchiveIsMadeInTheBackgroundForTheNext() throws Exception {
        assertThat(ClassArchive.forWorker(command, library, cache)).isEmpty();
        Path archive = waitForArchive();
        Path dir = archive.getParent();
        assertThat(dir.resolve(ArchiveMain.NAMES)).isNotEmptyFile();
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("what the making left")
                    .doesNotContain(ArchiveMain.TEMPORARY, ArchiveMain.LOCK, ArchiveMain.WORK);
        }

        ClassArchive.Use use = ClassArchive.forWorker(command, library, cache).orElseThrow(
                () -> new AssertionError("no archive used; the making said: " + log(dir)));
        // JDK 25 and later make an AOT cache, which also holds linked classes and profiles; older ones a CDS archive
        assertThat(use.options()).startsWith((Runtime.version().feature() >= 25 ? "-XX:AOTCache="
                : "-XX:SharedArchiveFile=") + archive);
        List<Path> order = Stream.of(use.classPath().split(File.pathSeparator)).map(Path::of).toList();
        int firstDirectory = order.indexOf(order.stream().filter(Files::isDirectory).findFirst().orElseThrow());
        assertThat(order.subList(0, firstDirectory)).as("jars first").allMatch(p -> p.toString().endsWith(".jar"));
        assertThat(order.subList(firstDirectory, order.size())).as("then the directories").allMatch(Files::isDirectory);
        List<Path> given = new ArrayList<>(ClassPathFiles.of(command.classPath()));
        given.removeIf(p -> p.toString().contains("surefirebooter"));   // Surefire's manifest-only jar
        assertThat(order).as("every class path entry, once").containsAll(given).doesNotHaveDuplicates();
    }

    @Test
    @Order(2)
    void aJvmWithTheArchivesOptionsMapsJUnitsClassesFromIt() throws Exception {
        ClassArchive.Use use = ClassArchive.forWorker(command, library, waitForArchive().getParent().getParent())
                .orElseThrow();
        List<String> java = new ArrayList<>(List.of(command.java()));
        java.addAll(use.options());
        java.addAll(List.of("-Xlog:class+load", "-cp", use.classPath(), "dev.sysfault.bench.FirstTestInAFreshJvm",
                "dev.sysfault.bench.PlainBenchCases"));
        String output = run(java);
        assertThat(output).contains("passed").contains(
                "org.junit.platform.launcher.core.LauncherFactory source: shared objects file");
    }

    /**
     * The archive's training ran a repetition by its unique id, as a worker's first test of a {@code @RepeatedTest}
     * (or {@code @ParameterizedTest}) runs: JUnit's template path comes from the archive, not from its jars.
     */
    @Test
    @Order(2)
    void aJvmWithTheArchivesOptionsMapsJUnitsTemplatePathFromIt() throws Exception {
        ClassArchive.Use use = ClassArchive.forWorker(command, library, waitForArchive().getParent().getParent())
                .orElseThrow();
        List<String> java = new ArrayList<>(List.of(command.java()));
        java.addAll(use.options());
        java.addAll(List.of("-Xlog:class+load", "-cp", use.classPath(), "dev.sysfault.bench.FirstTestInAFreshJvm",
                "dev.sysfault.bench.PlainBenchCases"));   // a @RepeatedTest with a RepetitionInfo, a @TempDir field
        String output = run(java);
        assertThat(output).contains("passed");
        for (String templatePath : List.of("org.junit.jupiter.engine.descriptor.TestTemplateInvocationTestDescriptor",
                "org.junit.jupiter.engine.extension.RepeatedTestInvocationContext",
                "org.junit.jupiter.engine.extension.DefaultRepetitionInfo",
                "org.junit.jupiter.engine.extension.TempDirectory$FieldContext")) {
            assertThat(output).contains(templatePath + " source: shared objects file");
        }
    }

    @Test
    @Order(3)
    void aDirectoryWithAFileOfAJarKeepsTheClassPathAsGiven(@TempDir Path classes) throws Exception {
        waitForArchive();
        Path shadow = classes.resolve("org/junit/platform/launcher/core/LauncherFactory.class");
        Files.createDirectories(shadow.getParent());
        Files.write(shadow, new byte[] {1});
        WorkerCommand withShadow = withClassPath(command.classPath() + File.pathSeparator + classes);
        assertThat(ClassArchive.forWorker(withShadow, library, cache)).isEmpty();

        WorkerCommand withServices = withClassPath(command.classPath() + File.pathSeparator + services(classes));
        assertThat(ClassArchive.forWorker(withServices, library, cache)).as("a service's providers may come in"
                + " another order").isPresent();
    }

    @Test
    @Order(4)
    void anArchiveItsNamesOrItsJarThatAnotherUserOwnsIsNotUsed() throws Exception {
        OtherUser other = OtherUser.get();
        Path dir = waitForArchive().getParent();
        for (String name : List.of(ArchiveMain.ARCHIVE, ArchiveMain.NAMES, "archive-main.jar")) {
            Path file = dir.resolve(name);
            WorkerCommand fresh = withClassPath(command.classPath() + File.pathSeparator + "/nonexistent-" + name);
            other.give(file);
            try {
                assertThat(ClassArchive.forWorker(fresh, library, cache)).as(name + " owned by " + OtherUser.NAME)
                        .isEmpty();
            } finally {
                Files.setAttribute(file, "unix:uid", CacheDirectory.euid());
            }
        }
    }

    @Test
    @Order(5)
    void aJvmThatRefusesTheArchiveStopsRatherThanGoOnWithoutIt(@TempDir Path elsewhere) throws Exception {
        ClassArchive.Use use = ClassArchive.forWorker(command, library, waitForArchive().getParent().getParent())
                .orElseThrow();
        String mapping = use.options().get(0);
        Path archive = Path.of(mapping.substring(mapping.indexOf('=') + 1));
        // refused, as one of another JDK's build is: its header's magic number is not this JVM's (a truncated
        // archive can crash the JVM instead, which aDamagedArchiveIsDistrustedAndRemoved covers)
        Path damaged = elsewhere.resolve(ArchiveMain.ARCHIVE);
        byte[] whole = Files.readAllBytes(archive);
        whole[0] ^= (byte) 0xff;
        Files.write(damaged, whole);
        List<String> java = new ArrayList<>(List.of(command.java()));
        java.addAll(use.options());
        java.set(1, mapping.substring(0, mapping.indexOf('=') + 1) + damaged);
        java.addAll(List.of("-cp", use.classPath(), "-version"));

        Process p = new ProcessBuilder(java).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as("a JVM given the damaged archive; it said:%n%s", output).isNotZero();
        assertThat(output).containsPattern("Unable to use (AOT cache|shared archive)");
    }

    @Test
    @Order(6)
    void aDamagedArchiveIsDistrustedAndRemoved() throws Exception {
        Path archive = waitForArchive();
        WorkerCommand other = withClassPath(command.classPath() + File.pathSeparator + "/nonexistent");
        assertThat(ClassArchive.forWorker(other, library, cache)).isPresent();
        byte[] whole = Files.readAllBytes(archive);
        Files.write(archive, java.util.Arrays.copyOf(whole, whole.length / 10));

        assertThat(ClassArchive.distrust(other, cache)).isTrue();
        assertThat(archive).doesNotExist();
        assertThat(ClassArchive.forWorker(other, library, cache)).isEmpty();
        assertThat(ClassArchive.distrust(other, cache)).as("nothing more to distrust").isFalse();
    }

    @Test
    void turnedOffByTheSetting(@TempDir Path elsewhere) throws Exception {
        WorkerCommand off = WorkerCommand.of(WorkerSettings.from(name -> name.equals(WorkerSettings.CLASS_ARCHIVE)
                ? Optional.of("false") : Optional.empty()), library);
        assertThat(ClassArchive.forWorker(off, library, elsewhere)).isEmpty();
        try (Stream<Path> made = Files.list(elsewhere)) {
            assertThat(made).as("nothing made").isEmpty();
        }
    }

    @Test
    void notForAnotherJavaNorWithAnAgent(@TempDir Path elsewhere) throws Exception {
        List<String> base = new ArrayList<>(command.base());
        base.set(0, "/usr/bin/java-of-another-jdk");
        assertThat(ClassArchive.forWorker(new WorkerCommand(base, true), library, elsewhere)).isEmpty();
        base = new ArrayList<>(command.base());
        base.add(1, "-javaagent:/opt/agent.jar");
        assertThat(ClassArchive.forWorker(new WorkerCommand(base, true), library, elsewhere)).isEmpty();
        try (Stream<Path> made = Files.list(elsewhere)) {
            assertThat(made).isEmpty();
        }
    }

    /** The archive of {@link #command} in {@link #cache}, once its maker is done (it is started if need be). */
    private static Path waitForArchive() throws Exception {
        // minutes: a busy machine takes several times the ~10 s a JVM needs to dump the archive
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (true) {
            ClassArchive.forWorker(command, library, cache);
            try (Stream<Path> archives = Files.find(cache, 2, (p, a) -> p.getFileName().toString()
                    .equals(ArchiveMain.ARCHIVE))) {
                Optional<Path> archive = archives.findFirst();
                // the maker renames the archive into place, then removes what it left and its lock last
                if (archive.isPresent() && !Files.exists(archive.get().resolveSibling(ArchiveMain.LOCK))) {
                    return archive.get();
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no archive after 5 minutes; the making said: " + log(cache));
            }
            Thread.sleep(200);
        }
    }

    private static WorkerCommand withClassPath(String classPath) {
        List<String> base = new ArrayList<>(command.base());
        base.set(base.indexOf("-cp") + 1, classPath);
        return new WorkerCommand(base, true);
    }

    private static Path services(Path parent) throws IOException {
        Path dir = Files.createDirectories(parent.resolve("services-only/META-INF/services"));
        Files.writeString(dir.resolve("org.junit.platform.launcher.TestExecutionListener"), "x.Listener\n");
        return dir.getParent().getParent();
    }

    private static String log(Path dir) {
        try (Stream<Path> logs = Files.find(dir, 2, (p, a) -> p.getFileName().toString().equals(ArchiveMain.LOG))) {
            StringBuilder text = new StringBuilder();
            for (Path log : (Iterable<Path>) logs::iterator) {
                text.append(Files.readString(log, StandardCharsets.UTF_8));
            }
            return text.toString();
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static String run(List<String> command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.remove("LD_PRELOAD");
        Process p = builder.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(3, TimeUnit.MINUTES)).isTrue();
        return output;
    }
}
