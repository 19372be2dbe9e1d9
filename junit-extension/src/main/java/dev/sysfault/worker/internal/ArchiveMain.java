// Makes a ClassArchive in the background: the JVM that archives what a worker loads, and the one that checks it.
package dev.sysfault.worker.internal;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Two mains, started by {@link ClassArchive} only; uses nothing but the JDK, because it also runs from a jar of
 * its own, before the project's directories are on its class path.
 * <ul>
 * <li>{@code make DIR}: runs the command in {@code DIR/}{@value #COMMAND} (a JVM with
 *     {@code -XX:ArchiveClassesAtExit=DIR/}{@value #TEMPORARY}, or {@code -XX:AOTCacheOutput=} on JDK 25, whose
 *     main is {@code load}), checks that the JVM maps the archive it wrote ({@code -Xshare:on ... -version}, or
 *     {@code -XX:AOTMode=on}), writes the names of the jars' entries and
 *     renames the archive into place; then removes what the making left. Outlives the JVM that started it, so an
 *     archive is finished even after a short test run. What the JVMs said is in {@code DIR/}{@value #LOG}.</li>
 * <li>{@code load DIRECTORIES}: does what a worker does up to its first test, with the project's directories in
 *     a class loader of their own (a JVM archives classes only from the jars of its class path).</li>
 * </ul>
 */
public final class ArchiveMain {

    /** In an archive's directory: the archive, the names of its jars' entries, what making it needs and said. */
    public static final String ARCHIVE = "classes.jsa";
    static final String NAMES = "jar-entries.bin";
    static final String WORK = "work";
    static final String COMMAND = "dump-command.txt";
    static final String TEMPORARY = "classes.jsa.tmp";
    static final String LOG = "dump.log";
    public static final String LOCK = "making";
    private static final long MINUTES_TO_MAKE = 10;

    private ArchiveMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("make")) {
            System.exit(make(Path.of(args[1])) ? 0 : 1);
        } else if (args.length == 2 && args[0].equals("load")) {
            load(args[1]);
            System.exit(0);   // the JVM writes the archive as it exits
        } else {
            System.err.println("usage: ArchiveMain make DIR | load DIRECTORIES (started by sysfault, not by hand)");
            System.exit(2);
        }
    }

    private static boolean make(Path dir) throws IOException, InterruptedException {
        Path log = dir.resolve(LOG);
        Path temporary = dir.resolve(TEMPORARY);
        try {
            List<String> dump = Files.readAllLines(dir.resolve(COMMAND), StandardCharsets.UTF_8);
            if (!run(dump, log) || !run(check(dump, temporary), log)) {
                return false;
            }
            Path names = dir.resolve(NAMES);
            Path names0 = dir.resolve(NAMES + ".tmp");
            Files.write(names0, entryNames(classPath(dump)));
            Files.move(names0, names, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Files.move(temporary, dir.resolve(ARCHIVE), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            return true;
        } finally {
            Files.deleteIfExists(temporary);
            Files.deleteIfExists(dir.resolve(TEMPORARY + ".config"));   // an AOT cache's, if its JVM was killed
            Path work = dir.resolve(WORK);
            if (Files.isDirectory(work)) {
                try (var files = Files.walk(work)) {
                    files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
                }
            }
            Files.deleteIfExists(dir.resolve(LOCK));
        }
    }

    /** Runs {@code command} with its output appended to {@code log}; true if it exited with 0 in time. */
    private static boolean run(List<String> command, Path log) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!p.waitFor(MINUTES_TO_MAKE, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            Files.writeString(log, "\n(killed after " + MINUTES_TO_MAKE + " minutes)\n", StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND);
            return false;
        }
        return p.exitValue() == 0;
    }

    /** The dumping command turned into one that maps the archive (and fails if it cannot) and prints the version. */
    private static List<String> check(List<String> dump, Path archive) {
        List<String> check = new ArrayList<>();
        for (String arg : dump) {
            if (arg.startsWith("-XX:ArchiveClassesAtExit=")) {
                check.add("-Xshare:on");
                check.add("-XX:SharedArchiveFile=" + archive);
            } else if (arg.startsWith("-XX:AOTCacheOutput=")) {
                check.add("-XX:AOTMode=on");
                check.add("-XX:AOTCache=" + archive);
            } else if (arg.equals(ArchiveMain.class.getName())) {
                check.add("-version");
                break;
            } else {
                check.add(arg);
            }
        }
        return check;
    }

    private static List<Path> classPath(List<String> command) {
        List<Path> jars = new ArrayList<>();
        for (String entry : command.get(command.indexOf("-cp") + 1).split(File.pathSeparator)) {
            jars.add(Path.of(entry));
        }
        return jars;
    }

    /** The sorted {@link #nameHash}es of the files in {@code jars} (not this class's own jar), 8 bytes each. */
    static byte[] entryNames(List<Path> jars) throws IOException {
        long[] hashes = new long[1024];
        int n = 0;
        for (Path jar : jars) {
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                if (zip.size() == 1 && zip.getEntry(ArchiveMain.class.getName().replace('.', '/') + ".class") != null) {
                    continue;   // the jar of this class alone
                }
                for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                    ZipEntry entry = e.nextElement();
                    if (!entry.isDirectory() && !everyJarMayHave(entry.getName())) {
                        if (n == hashes.length) {
                            hashes = Arrays.copyOf(hashes, n * 2);
                        }
                        hashes[n++] = nameHash(entry.getName());
                    }
                }
            }
        }
        long[] sorted = Arrays.copyOf(hashes, n);
        Arrays.sort(sorted);
        ByteBuffer bytes = ByteBuffer.allocate(n * Long.BYTES);
        bytes.asLongBuffer().put(sorted);
        return bytes.array();
    }

    /**
     * Names that do not make the class path's order matter: a service's provider lists (each is read, in either
     * order; only the order of the providers found changes) and module descriptors (not read from a class path).
     */
    private static boolean everyJarMayHave(String name) {
        return name.startsWith("META-INF/services/") || name.endsWith("module-info.class");
    }

    /** 64-bit FNV-1a of a name's UTF-8 bytes: a jar entry's name, or a file's path relative to its directory. */
    static long nameHash(String name) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    private static void load(String directories) throws ReflectiveOperationException, IOException {
        List<URL> urls = new ArrayList<>();
        for (String dir : directories.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                urls.add(Path.of(dir).toUri().toURL());
            }
        }
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ArchiveMain.class.getClassLoader())) {
            Thread.currentThread().setContextClassLoader(loader);
            Class.forName(ArchiveMain.class.getPackageName() + ".WorkerMain", true, loader)
                    .getMethod("loadForArchive").invoke(null);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("the worker's start failed while making the class archive", e.getCause());
        }
    }
}
