// The worker JVMs' class data sharing archive: the jars' classes (JUnit's, JNA's...) mapped rather than loaded.
package dev.sysfault.worker.internal;

import dev.sysfault.run.internal.CacheDirectory;
import dev.sysfault.run.internal.NativeLibrary;
import dev.sysfault.run.internal.PreloadEnvironment;
import dev.sysfault.run.internal.RunDirectory;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A worker JVM spends most of its start loading and verifying JUnit's classes. With an archive of them that the
 * JVM made itself ({@code -XX:ArchiveClassesAtExit}), it maps them instead and reaches its first test about 0.3 s
 * sooner. On JDK 25 and later the archive is an AOT cache ({@code -XX:AOTCacheOutput}, JEP 483 and 514), which also
 * holds the classes linked and the methods' profiles of the run that made it, so a worker's first test runs less
 * cold code.
 *
 * <p>The JVM archives classes only from jars, and refuses a class path with a non-empty directory before its
 * archived jars; a build tool puts the project's class directories first. So a worker that uses the archive gets
 * the class path in another order: the jars first, in their order, then the directories, in theirs. Both orders
 * find the same class or resource for every name as long as no name is both in a directory and in a jar; the
 * archive comes with the names of its jars' entries, and a directory holding one of them keeps the workers on the
 * class path as given, without the archive.
 *
 * <p>The archive is made in the background, by {@link ArchiveMain}, when a worker starts without one; the workers
 * started after it is there use it. It is kept in {@code <cache>/cds/<key>/} of the trusted {@link CacheDirectory}
 * (every JVM that maps it may run as root), and its files are used only if they pass
 * {@link CacheDirectory#checkFile}, else made anew. The key depends on the java,
 * the worker's JVM options and each jar's path, size and time; an archive not used for {@value #KEEP_DAYS} days is
 * removed when another is made. There is no archive for a worker with another java than this JVM's, with an
 * agent, or with options of its own about class sharing; {@code sysfault.worker.cds=false} turns it off.
 */
public final class ClassArchive {

    private static final long KEEP_DAYS = 30;
    private static final Duration MAKING_TAKES_AT_MOST = Duration.ofMinutes(15);
    private static final String SHIM = "archive-main.jar";
    private static final String SHIM_ENTRY = ArchiveMain.class.getName().replace('.', '/') + ".class";

    /** How a worker uses an archive: options to put first, and its class path in the archive's order. */
    public record Use(List<String> options, String classPath) {
    }

    /** A class path as an archive sees it: jars (manifest-only ones left out), then directories. */
    private record Layout(List<Path> jars, List<Path> directories) {
    }

    private record Decision(WorkerCommand command, Path cache) {

        // Written out, as WorkerCommand's: a record's own cost the first faulted test of a JVM milliseconds.
        @Override
        public boolean equals(Object o) {
            return o instanceof Decision d && command.equals(d.command) && cache.equals(d.cache);
        }

        @Override
        public int hashCode() {
            return 31 * command.hashCode() + cache.hashCode();
        }
    }

    private static final Map<String, Layout> LAYOUTS = new ConcurrentHashMap<>();
    private static final Map<Decision, Optional<Use>> DECIDED = new ConcurrentHashMap<>();
    private static final Set<Path> MADE_HERE = ConcurrentHashMap.newKeySet();

    private ClassArchive() {
    }

    /** The archive for a worker started with {@code command}, if there is one it may use; else starts making one. */
    static Optional<Use> forWorker(WorkerCommand command, Path library) {
        return forWorker(command, library, defaultCache());
    }

    static Optional<Use> forWorker(WorkerCommand command, Path library, Path cache) {
        if (!command.shareClasses() || !usable(command)) {
            return Optional.empty();
        }
        Decision decision = new Decision(command, cache);
        Optional<Use> decided = DECIDED.get(decision);
        if (decided != null) {
            return decided;
        }
        try {
            Layout layout = LAYOUTS.computeIfAbsent(command.classPath(), ClassArchive::layout);
            Path dir = CacheDirectory.trusted(cache.resolve(key(command, layout)));
            Path archive = dir.resolve(ArchiveMain.ARCHIVE);
            Path names = dir.resolve(ArchiveMain.NAMES);
            if (CacheDirectory.isTrustedFile(archive) && CacheDirectory.isTrustedFile(names)
                    && CacheDirectory.isTrustedFile(dir.resolve(SHIM))) {
                Optional<Use> use = overlaps(layout.directories(), names) ? Optional.empty()
                        : Optional.of(new Use(mapping(archive), classPath(layout, dir.resolve(SHIM))));
                Files.setLastModifiedTime(dir, FileTime.from(Instant.now()));
                DECIDED.put(decision, use);
                return use;
            }
            make(command, library, layout, cache, dir);
        } catch (IOException | RuntimeException cannot) {
            // then workers start as they would without an archive
        }
        return Optional.empty();
    }

    /**
     * After a worker that used an archive did not start: removes the archive (a damaged file can crash the JVM
     * that maps it) and says whether there was one, so the worker is started again without.
     */
    static boolean distrust(WorkerCommand command) {
        return distrust(command, defaultCache());
    }

    static boolean distrust(WorkerCommand command, Path cache) {
        Decision decision = new Decision(command, cache);
        Optional<Use> decided = DECIDED.get(decision);
        if (decided == null || decided.isEmpty()) {
            return false;
        }
        DECIDED.put(decision, Optional.empty());
        String option = decided.get().options().get(0);
        try {
            Files.deleteIfExists(Path.of(option.substring(option.indexOf('=') + 1)));
        } catch (IOException ignored) {
            // the next JVM finds it, and distrusts it as well
        }
        return true;
    }

    static Path defaultCache() {
        return CacheDirectory.get().resolve("cds");
    }

    /** JDK 25 made an AOT cache in one run ({@code -XX:AOTCacheOutput}); JDK 24 needed two. */
    static boolean aheadOfTimeCache() {
        return Runtime.version().feature() >= 25;
    }

    /**
     * The options that make a worker map {@code archive}, the archive's path first ({@link #distrust} reads it).
     * Strict ({@code -XX:AOTMode=on}, {@code -Xshare:on}): a JVM that cannot use the archive stops at once, where
     * the default mode went on silently without it (the logs are off), so a refused archive cost every worker its
     * gain unnoticed; now the worker is started again without it and the archive is made anew.
     */
    private static List<String> mapping(Path archive) {
        return aheadOfTimeCache()
                ? List.of("-XX:AOTCache=" + archive, "-XX:AOTMode=on", "-Xlog:cds=off", "-Xlog:aot=off")
                : List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:on", "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
    }

    /** The options that make the JVM that {@link ArchiveMain} runs write what it loaded to {@code temporary}. */
    private static List<String> making(Path temporary) {
        return aheadOfTimeCache() ? List.of("-XX:AOTCacheOutput=" + temporary, "-Xlog:cds=off", "-Xlog:aot=off")
                : List.of("-XX:ArchiveClassesAtExit=" + temporary, "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
    }

    /** This JVM's java (a HotSpot one), no agents, no options of the user's about class sharing. */
    private static boolean usable(WorkerCommand command) {
        String vm = System.getProperty("java.vm.name", "");
        if (!command.java().equals(Path.of(System.getProperty("java.home"), "bin", "java").toString())
                || !(vm.contains("OpenJDK") || vm.contains("HotSpot"))) {
            return false;
        }
        return command.jvmOptions().stream().noneMatch(o -> o.startsWith("-javaagent") || o.startsWith("-agentpath")
                || o.startsWith("-agentlib") || o.startsWith("-Xbootclasspath") || o.startsWith("-Xshare")
                || o.contains("Shared") || o.contains("ArchiveClasses") || o.contains("AOT"));
    }

    private static Layout layout(String classPath) {
        List<Path> jars = new ArrayList<>();
        List<Path> directories = new ArrayList<>();
        for (ClassPathFiles.Entry entry : ClassPathFiles.entries(classPath)) {
            switch (entry.kind()) {
                case DIRECTORY -> directories.add(entry.path());
                case JAR -> jars.add(entry.path());
                case MANIFEST_ONLY -> {
                    // a new file each run for Surefire, and no class for an archive
                }
                case OTHER -> throw new IllegalStateException(entry.path() + " is on the class path but is not a jar");
            }
        }
        return new Layout(List.copyOf(jars), List.copyOf(directories));
    }

    private static String key(WorkerCommand command, Layout layout) throws IOException {
        StringBuilder text = new StringBuilder(command.java()).append('\n')
                .append(System.getProperty("java.vm.version")).append('\n');
        command.jvmOptions().stream().filter(o -> !o.startsWith("-D")).forEach(o -> text.append(o).append('\n'));
        text.append(NativeLibrary.checksum(shimClass())).append('\n');
        for (Path jar : layout.jars()) {
            text.append(jar).append(' ').append(Files.size(jar)).append(' ')
                    .append(Files.getLastModifiedTime(jar).toMillis()).append('\n');
        }
        return NativeLibrary.checksum(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String classPath(Layout layout, Path shim) {
        return Stream.of(layout.jars().stream(), Stream.of(shim), layout.directories().stream()).flatMap(s -> s)
                .map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    }

    /** Is a file of one of {@code directories} also in a jar, by the names {@link ArchiveMain} wrote? */
    private static boolean overlaps(List<Path> directories, Path names) throws IOException {
        long[] hashes = new long[(int) (Files.size(names) / Long.BYTES)];
        ByteBuffer.wrap(Files.readAllBytes(names)).asLongBuffer().get(hashes);
        for (Path dir : directories) {
            try (Stream<Path> files = Files.walk(dir)) {
                if (files.filter(Files::isRegularFile).map(f -> dir.relativize(f).toString())
                        .anyMatch(name -> Arrays.binarySearch(hashes, ArchiveMain.nameHash(name)) >= 0)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Starts {@link ArchiveMain} making the archive in {@code dir}, unless this or another JVM already is. */
    private static void make(WorkerCommand command, Path library, Layout layout, Path cache, Path dir)
            throws IOException {
        if (!MADE_HERE.add(dir)) {
            return;
        }
        Path lock = dir.resolve(ArchiveMain.LOCK);
        try {
            Files.createFile(lock);
        } catch (FileAlreadyExistsException another) {
            if (Files.getLastModifiedTime(lock).toInstant().isAfter(Instant.now().minus(MAKING_TAKES_AT_MOST))) {
                return;
            }
            Files.setLastModifiedTime(lock, FileTime.from(Instant.now()));   // left by a maker that was killed
        }
        removeUnused(cache, dir);
        Path shim = shim(dir);
        Path work = Files.createDirectories(dir.resolve(ArchiveMain.WORK));
        Path run = Files.createTempDirectory(work, "run-");
        PreloadEnvironment preload = WorkerRuntime.prepare(run, 1024, library);

        List<String> dump = new ArrayList<>();
        dump.add(command.java());
        dump.add("-D" + WorkerRuntime.DIRECTORY_PROPERTY + "=" + run);
        dump.addAll(command.jvmOptions());
        dump.addAll(making(dir.resolve(ArchiveMain.TEMPORARY)));
        dump.addAll(List.of("-cp", Stream.concat(layout.jars().stream(), Stream.of(shim))
                        .map(Path::toString).collect(Collectors.joining(File.pathSeparator)),
                ArchiveMain.class.getName(), "load", layout.directories().stream().map(Path::toString)
                        .collect(Collectors.joining(File.pathSeparator))));
        Files.write(dir.resolve(ArchiveMain.COMMAND), dump, StandardCharsets.UTF_8);

        ProcessBuilder maker = new ProcessBuilder(command.java(), "-XX:TieredStopAtLevel=1", "-cp", shim.toString(),
                ArchiveMain.class.getName(), "make", dir.toString());
        preload.applyTo(maker.environment());
        maker.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(
                dir.resolve(ArchiveMain.LOG).toFile()));
        try {
            maker.start();   // not waited for: it finishes the archive even when this JVM is gone
        } catch (IOException e) {
            Files.deleteIfExists(lock);
            throw e;
        }
    }

    /** {@link ArchiveMain} alone in a jar: the main of a JVM whose class path has only jars. */
    private static Path shim(Path dir) throws IOException {
        Path shim = dir.resolve(SHIM);
        if (CacheDirectory.isTrustedFile(shim)) {
            return shim;   // written once: the archive checks its size and time
        }
        Files.deleteIfExists(shim);   // not ours, or writable by others: it would be on the workers' class path
        Path temporary = Files.createTempFile(dir, SHIM, ".tmp");
        try (OutputStream file = Files.newOutputStream(temporary); ZipOutputStream zip = new ZipOutputStream(file)) {
            zip.putNextEntry(new ZipEntry(SHIM_ENTRY));
            zip.write(shimClass());
            zip.closeEntry();
        }
        try {
            Files.move(temporary, shim);
        } catch (FileAlreadyExistsException another) {
            Files.delete(temporary);   // another JVM's, made as this one would be, and checked by forWorker
        }
        return shim;
    }

    private static byte[] shimClass() throws IOException {
        try (InputStream in = ArchiveMain.class.getClassLoader().getResourceAsStream(SHIM_ENTRY)) {
            if (in == null) {
                throw new IOException(SHIM_ENTRY + " is not on the class path");
            }
            return in.readAllBytes();
        }
    }

    private static void removeUnused(Path cache, Path keep) throws IOException {
        Instant unused = Instant.now().minus(Duration.ofDays(KEEP_DAYS));
        try (Stream<Path> dirs = Files.list(cache)) {
            for (Path dir : (Iterable<Path>) dirs::iterator) {
                if (!dir.equals(keep) && Files.isDirectory(dir)
                        && Files.getLastModifiedTime(dir).toInstant().isBefore(unused)) {
                    RunDirectory.delete(dir);
                }
            }
        }
    }
}
