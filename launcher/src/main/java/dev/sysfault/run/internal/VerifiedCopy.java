// Whether a cached file holds exactly a class path resource: SHA-256 compared once, then known by the file's identity.
package dev.sysfault.run.internal;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A file reused from the cache is compared with what it should hold by SHA-256: a size alone would let any file of
 * the right length through. Hashing a library costs a fresh JVM milliseconds it does not have before its first test,
 * so a file that matched is remembered in {@code .<name>.verified} beside it, by its identity (device, inode, size,
 * modification and change times, owner): the kernel changes the change time on every write, chmod and chown and no
 * one can set it back, and {@link CacheDirectory}'s policy lets no one but us (and root) write there. A file whose
 * identity matches its record is used without being read.
 */
final class VerifiedCopy {

    private static final String SUFFIX = ".verified";

    private VerifiedCopy() {
    }

    /**
     * Whether {@code file} is trusted ({@link CacheDirectory#checkFile}) and holds {@code expected}'s bytes, by its
     * record or else by hashing both (then recorded); false for a file that is missing, untrusted or different.
     */
    static boolean holds(Path file, Supplier<byte[]> expected) throws IOException {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS) || !CacheDirectory.isTrustedFile(file)) {
            return false;
        }
        String identity = identity(file);
        Path record = record(file);
        if (CacheDirectory.isTrustedFile(record) && recorded(record).startsWith(identity + " ")) {
            return true;
        }
        String want = sha256(expected.get());
        String have;
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            have = sha256(in.readAllBytes());
        }
        if (!have.equals(want)) {
            return false;
        }
        remember(file, want);
        return true;
    }

    /** Records that {@code file}, as it is now, holds bytes whose SHA-256 is {@code sha256} (just written, say). */
    static void remember(Path file, String sha256) throws IOException {
        Path record = record(file);
        // Not Files.createTempFile: its random names cost a JVM's first call about 40 ms.
        Path temporary = record.resolveSibling(record.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        try {
            Files.writeString(temporary, identity(file) + " sha256=" + sha256 + "\n", StandardCharsets.UTF_8);
            Files.move(temporary, record, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256, which every Java SE JVM must have", e);
        }
    }

    /** FileInputStream, not Files.readString: channels and decoders cost a fresh JVM milliseconds to load. */
    private static String recorded(Path record) throws IOException {
        try (FileInputStream in = new FileInputStream(record.toFile())) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static Path record(Path file) {
        return file.resolveSibling("." + file.getFileName() + SUFFIX);
    }

    private static String identity(Path file) throws IOException {
        Map<String, Object> a = Files.readAttributes(file, "unix:dev,ino,size,lastModifiedTime,ctime,uid",
                LinkOption.NOFOLLOW_LINKS);
        return "dev=" + a.get("dev") + " ino=" + a.get("ino") + " size=" + a.get("size")
                + " mtime=" + ((FileTime) a.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS)
                + " ctime=" + ((FileTime) a.get("ctime")).to(TimeUnit.NANOSECONDS) + " uid=" + a.get("uid");
    }
}
