// The tar archives the Docker engine copies files with: written for copies in, read for copies out (POSIX ustar, pax names).
package dev.sysfault.container.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Only what the engine's copy API needs: regular files, folders and symbolic links, owned by root; a name longer
 * than ustar's 100 bytes goes in a pax header before its entry (the engine's Go reader takes both).
 */
final class Tar {

    private static final int BLOCK = 512;

    private Tar() {
    }

    /** Writes entries to an output stream; {@link #finish()} ends the archive. */
    static final class Writer {

        private final OutputStream out;

        Writer(OutputStream out) {
            this.out = out;
        }

        void folder(String name) throws IOException {
            header(name.endsWith("/") ? name : name + "/", 0755, 0, '5', "");
        }

        void file(String name, byte[] bytes, int mode) throws IOException {
            header(name, mode, bytes.length, '0', "");
            out.write(bytes);
            pad(bytes.length);
        }

        /** The file {@code source}, streamed. */
        void file(String name, Path source, int mode) throws IOException {
            long size = Files.size(source);
            header(name, mode, size, '0', "");
            try (InputStream in = Files.newInputStream(source)) {
                long copied = in.transferTo(out);
                if (copied != size) {
                    throw new IOException(source + " changed while it was copied");
                }
            }
            pad(size);
        }

        void link(String name, String target) throws IOException {
            header(name, 0777, 0, '2', target);
        }

        void finish() throws IOException {
            out.write(new byte[2 * BLOCK]);
            out.flush();
        }

        private void header(String name, int mode, long size, char type, String link) throws IOException {
            byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
            if (bytes.length > 100) {
                byte[] record = paxRecord("path", name);
                writeHeader("PaxHeader", 0644, record.length, 'x', "");
                out.write(record);
                pad(record.length);
            }
            writeHeader(name, mode, size, type, link);
        }

        private void writeHeader(String name, int mode, long size, char type, String link) throws IOException {
            byte[] h = new byte[BLOCK];
            put(h, 0, 100, name);
            octal(h, 100, 8, mode);
            octal(h, 108, 8, 0);
            octal(h, 116, 8, 0);
            octal(h, 124, 12, size);
            octal(h, 136, 12, 0);
            Arrays.fill(h, 148, 156, (byte) ' ');
            h[156] = (byte) type;
            put(h, 157, 100, link);
            put(h, 257, 6, "ustar");
            put(h, 263, 2, "00");
            long sum = 0;
            for (byte b : h) {
                sum += b & 0xff;
            }
            octal(h, 148, 7, sum);
            out.write(h);
        }

        private void pad(long size) throws IOException {
            int rest = (int) (size % BLOCK);
            if (rest != 0) {
                out.write(new byte[BLOCK - rest]);
            }
        }

        /** "LEN key=value\n", where LEN counts the whole record, its own digits included. */
        private static byte[] paxRecord(String key, String value) {
            int body = (" " + key + "=" + value + "\n").getBytes(StandardCharsets.UTF_8).length;
            int length = body + Integer.toString(body).length();
            if (Integer.toString(length).length() != Integer.toString(body).length()) {
                length++;
            }
            return (length + " " + key + "=" + value + "\n").getBytes(StandardCharsets.UTF_8);
        }

        private static void put(byte[] header, int at, int size, String text) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            System.arraycopy(bytes, 0, header, at, Math.min(size, bytes.length));
        }

        private static void octal(byte[] header, int at, int size, long value) {
            String digits = Long.toOctalString(value);
            String padded = "0".repeat(Math.max(0, size - 1 - digits.length())) + digits;
            put(header, at, size - 1, padded);
        }
    }

    /** An entry as {@link Reader#next()} gives it: its name and, for a regular file, its bytes read on demand. */
    record Entry(String name, char type, long size) {
    }

    /** Reads the entries of an archive, each entry's content through {@link #content()} before the next. */
    static final class Reader {

        private final InputStream in;
        private long unread;
        private long padding;

        Reader(InputStream in) {
            this.in = in;
        }

        /** The next entry, or null at the archive's end. */
        Entry next() throws IOException {
            String longName = null;
            while (true) {
                skip(unread + padding);
                unread = 0;
                padding = 0;
                byte[] h = in.readNBytes(BLOCK);
                if (h.length < BLOCK || isZero(h)) {
                    return null;
                }
                long size = Long.parseLong(text(h, 124, 12).trim().isEmpty() ? "0" : text(h, 124, 12).trim(), 8);
                char type = (char) h[156];
                unread = size;
                padding = (BLOCK - size % BLOCK) % BLOCK;
                if (type == 'x' || type == 'L') {
                    String body = new String(content(), StandardCharsets.UTF_8);
                    longName = type == 'L' ? body.replaceAll("\u0000+$", "") : paxPath(body, longName);
                    continue;
                }
                String prefix = text(h, 345, 155);
                String name = longName != null ? longName : prefix.isEmpty() ? text(h, 0, 100) : prefix + "/" + text(h, 0, 100);
                return new Entry(name, type == 0 ? '0' : type, size);
            }
        }

        /** The current entry's bytes. */
        byte[] content() throws IOException {
            if (unread > Integer.MAX_VALUE - 16) {
                throw new IOException("an entry of " + unread + " bytes");
            }
            byte[] bytes = in.readNBytes((int) unread);
            if (bytes.length != unread) {
                throw new EOFException("the archive ended within an entry");
            }
            unread = 0;
            return bytes;
        }

        /** The current entry's bytes, streamed to {@code out}; how many. */
        long content(OutputStream out) throws IOException {
            long copied = 0;
            byte[] buffer = new byte[1 << 16];
            while (unread > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, unread));
                if (n < 0) {
                    throw new EOFException("the archive ended within an entry");
                }
                out.write(buffer, 0, n);
                unread -= n;
                copied += n;
            }
            return copied;
        }

        private void skip(long bytes) throws IOException {
            long left = bytes;
            while (left > 0) {
                long n = in.skip(left);
                if (n <= 0) {
                    if (in.read() < 0) {
                        return;
                    }
                    n = 1;
                }
                left -= n;
            }
        }

        private static String paxPath(String records, String otherwise) {
            for (String record : records.split("\n")) {
                int space = record.indexOf(' ');
                if (space > 0 && record.startsWith("path=", space + 1)) {
                    return record.substring(space + 1 + "path=".length());
                }
            }
            return otherwise;
        }

        private static boolean isZero(byte[] block) {
            for (byte b : block) {
                if (b != 0) {
                    return false;
                }
            }
            return true;
        }

        private static String text(byte[] h, int at, int size) {
            int end = at;
            while (end < at + size && h[end] != 0) {
                end++;
            }
            return new String(h, at, end - at, StandardCharsets.UTF_8);
        }
    }
}
