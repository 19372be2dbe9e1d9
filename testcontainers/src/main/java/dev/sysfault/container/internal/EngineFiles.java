// The files a worker needs (the class path's jars and folders, the library), copied into the engine once, by content.
package dev.sysfault.container.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * One volume per engine, {@value #DEFAULT_VOLUME} (or the one the system property {@value #VOLUME_PROPERTY} names),
 * holds each file or folder under its SHA-256: {@code <sha256>/<its name>},
 * and then {@code done/<sha256>}, an empty file written after it, so a copy is whole once its mark exists. A
 * worker's container mounts the volume read-only at {@value #MOUNT} and finds its class path there. Before a
 * worker starts, the marks are listed (one read of a folder of empty files) and only what lacks one is copied in,
 * by a container that is created (never started) with the volume writable and then removed; what this JVM knows
 * the engine has is not asked again. So the first worker of a run copies the class path, and later ones, in this
 * run or the next, copy nothing that did not change. A folder's hash covers its files' names and bytes.
 * {@code docker volume rm sysfault-worker-files} empties the cache.
 */
final class EngineFiles {

    static final String DEFAULT_VOLUME = "sysfault-worker-files";
    /** The volume to use instead: a cache of one's own (the benchmark measures copying into an empty one). */
    static final String VOLUME_PROPERTY = "sysfault.worker.filesVolume";
    static final String MOUNT = "/sysfault/files";
    private static final String LABEL = "dev.sysfault.worker-files";
    private static final String FILLING = "/fill";
    private static final String DONE = "done";

    /** Per engine: what it is known to hold. */
    private static final Map<String, Set<String>> KNOWN = new ConcurrentHashMap<>();
    /** Per file: its hash, while its size and time are the same. */
    private static final Map<Path, Hashed> HASHES = new ConcurrentHashMap<>();

    private record Hashed(long size, long modified, String sha256) {
    }

    /** What the last {@link #place} copied: how many files and folders. */
    private static volatile int lastCopied;

    private EngineFiles() {
    }

    /**
     * Makes sure the engine holds each of {@code files} and says where a container that mounts {@link #mount()}
     * sees each; {@code image} runs the container that copies (its files are not used).
     */
    static Map<Path, String> place(DockerClient docker, URI engine, String image, Collection<Path> files) {
        Map<Path, String> hashes = new LinkedHashMap<>();
        for (Path file : files) {
            hashes.put(file, hash(file));
        }
        Map<Path, String> places = new LinkedHashMap<>();
        hashes.forEach((file, hash) -> places.put(file, MOUNT + "/" + hash + "/" + file.getFileName()));
        String volume = volume();
        Set<String> known = KNOWN.computeIfAbsent(engine + " " + volume, e -> ConcurrentHashMap.newKeySet());
        if (known.containsAll(hashes.values())) {
            lastCopied = 0;
            return places;
        }
        synchronized (EngineFiles.class) {
            docker.createVolumeCmd().withName(volume).withLabels(Map.of(LABEL, "")).exec();
            String filler = docker.createContainerCmd(image).withCmd("true").withLabels(Map.of(LABEL, ""))
                    .withPlatform("linux/amd64")
                    .withHostConfig(HostConfig.newHostConfig().withBinds(new Bind(volume, new Volume(FILLING))))
                    .exec().getId();
            try {
                known.addAll(marks(docker, filler));
                Map<Path, String> missing = new LinkedHashMap<>(hashes);
                missing.values().removeIf(known::contains);
                if (!missing.isEmpty()) {
                    copyIn(docker, filler, missing);
                    known.addAll(missing.values());
                }
                lastCopied = new HashSet<>(missing.values()).size();
            } finally {
                docker.removeContainerCmd(filler).withForce(true).exec();
            }
        }
        return places;
    }

    /** How many files and folders the last {@link #place} copied into the engine (0: all were there). */
    static int lastCopied() {
        return lastCopied;
    }

    /** Forgets what this JVM knows {@code engine} holds, as a new JVM starts: the next {@link #place} asks it. */
    static void forget(URI engine) {
        KNOWN.remove(engine + " " + volume());
    }

    /** The read-only mount of the volume for a worker's container. */
    static Bind mount() {
        return new Bind(volume(), new Volume(MOUNT), AccessMode.ro);
    }

    private static String volume() {
        String named = System.getProperty(VOLUME_PROPERTY);
        return named == null || named.isBlank() ? DEFAULT_VOLUME : named.strip();
    }

    /** The hashes whose copy is whole: the names in {@code done/}. */
    private static Set<String> marks(DockerClient docker, String container) {
        Set<String> marks = new HashSet<>();
        try (InputStream archive = docker.copyArchiveFromContainerCmd(container, FILLING + "/" + DONE).exec()) {
            Tar.Reader reader = new Tar.Reader(archive);
            for (Tar.Entry e = reader.next(); e != null; e = reader.next()) {
                String name = e.name().replaceFirst("/$", "");
                int slash = name.lastIndexOf('/');
                if (slash >= 0 && e.type() == '0') {
                    marks.add(name.substring(slash + 1));
                }
            }
        } catch (NotFoundException none) {
            // a new volume
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list what the Docker volume " + volume() + " holds", e);
        }
        return marks;
    }

    /** One archive, streamed: each file or folder under its hash, then the marks. */
    private static void copyIn(DockerClient docker, String container, Map<Path, String> missing) {
        try (PipedInputStream in = new PipedInputStream(1 << 16); PipedOutputStream out = new PipedOutputStream(in)) {
            List<IOException> failed = new ArrayList<>();
            Thread writer = new Thread(() -> {
                try (out) {
                    Tar.Writer tar = new Tar.Writer(out);
                    Set<String> written = new HashSet<>();
                    for (Map.Entry<Path, String> m : missing.entrySet()) {
                        if (written.add(m.getValue())) {
                            write(tar, m.getValue() + "/" + m.getKey().getFileName(), m.getKey());
                        }
                    }
                    tar.folder(DONE);
                    for (String hash : written) {
                        tar.file(DONE + "/" + hash, new byte[0], 0644);
                    }
                    tar.finish();
                } catch (IOException e) {
                    failed.add(e);
                }
            }, "sysfault-worker-files-copy");
            writer.setDaemon(true);
            writer.start();
            docker.copyArchiveToContainerCmd(container).withRemotePath(FILLING).withTarInputStream(in).exec();
            writer.join();
            if (!failed.isEmpty()) {
                throw new UncheckedIOException("cannot copy the worker's files into the Docker volume " + volume(),
                        failed.get(0));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the worker's files into the Docker volume " + volume(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while copying the worker's files", e);
        }
    }

    private static void write(Tar.Writer tar, String name, Path source) throws IOException {
        if (!Files.isDirectory(source)) {
            tar.file(name, source, Files.isExecutable(source) ? 0755 : 0644);
            return;
        }
        tar.folder(name);
        try (Stream<Path> tree = Files.walk(source)) {
            for (Path p : (Iterable<Path>) tree.sorted()::iterator) {
                if (p.equals(source)) {
                    continue;
                }
                String inside = name + "/" + source.relativize(p).toString().replace('\\', '/');
                if (Files.isDirectory(p)) {
                    tar.folder(inside);
                } else if (Files.isRegularFile(p)) {
                    tar.file(inside, p, 0644);
                }
            }
        }
    }

    /** A file's SHA-256; a folder's, over each file's path in it and bytes, in order. */
    static String hash(Path file) {
        try {
            if (!Files.isDirectory(file)) {
                long size = Files.size(file);
                long modified = Files.getLastModifiedTime(file).toMillis();
                Hashed known = HASHES.get(file);
                if (known != null && known.size() == size && known.modified() == modified) {
                    return known.sha256();
                }
                MessageDigest digest = sha256();
                update(digest, file);
                String hash = HexFormat.of().formatHex(digest.digest());
                HASHES.put(file, new Hashed(size, modified, hash));
                return hash;
            }
            MessageDigest digest = sha256();
            try (Stream<Path> tree = Files.walk(file)) {
                for (Path p : (Iterable<Path>) tree.filter(Files::isRegularFile).sorted()::iterator) {
                    digest.update(file.relativize(p).toString().getBytes(StandardCharsets.UTF_8));
                    digest.update((byte) 0);
                    digest.update(hash(p).getBytes(StandardCharsets.US_ASCII));
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static void update(MessageDigest digest, Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
