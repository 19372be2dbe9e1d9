// A program run under the interceptor: eight threads write, fsync, read back and check files.
package dev.sysfault.interceptor.programs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code EightThreadsFileIo DIR}: each of 8 threads writes 100 files in DIR (half through
 * {@code Files.write}, half through a {@link FileChannel} with {@code force}), reads every one back
 * and compares. Prints a summary that does not depend on timing; exits 1 on any mismatch.
 */
public final class EightThreadsFileIo {

    private static final int THREADS = 8;
    private static final int FILES_PER_THREAD = 100;

    private EightThreadsFileIo() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<Long>> results = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            results.add(pool.submit(() -> writeAndCheck(dir, thread)));
        }
        long bytes = 0;
        for (Future<Long> result : results) {
            bytes += result.get();
        }
        pool.shutdown();
        try (var entries = Files.list(dir)) {
            long count = entries.count();
            if (count != THREADS * FILES_PER_THREAD) {
                throw new IllegalStateException("found " + count + " files, expected "
                        + THREADS * FILES_PER_THREAD);
            }
        }
        System.out.println("EightThreadsFileIo: " + THREADS + " threads x " + FILES_PER_THREAD
                + " files, " + bytes + " bytes written and verified");
    }

    private static long writeAndCheck(Path dir, int thread) throws IOException {
        long bytes = 0;
        for (int i = 0; i < FILES_PER_THREAD; i++) {
            Path file = dir.resolve("t" + thread + "-f" + i);
            byte[] content = content(thread, i);
            if (i % 2 == 0) {
                Files.write(file, content);
            } else {
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE)) {
                    ByteBuffer buffer = ByteBuffer.wrap(content);
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                    channel.force(true);
                }
            }
            byte[] back = Files.readAllBytes(file);
            if (!Arrays.equals(back, content)) {
                throw new IllegalStateException(file + ": read back " + back.length
                        + " bytes that differ from the " + content.length + " written");
            }
            bytes += content.length;
        }
        return bytes;
    }

    private static byte[] content(int thread, int file) {
        StringBuilder text = new StringBuilder();
        for (int line = 0; line <= (thread * 31 + file * 7) % 200; line++) {
            text.append("thread ").append(thread).append(" file ").append(file)
                    .append(" line ").append(line).append('\n');
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
