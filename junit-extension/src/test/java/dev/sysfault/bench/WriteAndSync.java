// The body of every benchmark test: write a small file and sync it, whether or not the sync fails.
package dev.sysfault.bench;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Path;

final class WriteAndSync {

    private WriteAndSync() {
    }

    static void run(Path dir, int n) throws IOException {
        try (FileOutputStream out = new FileOutputStream(dir.resolve("f" + n).toFile())) {
            out.write(new byte[4096]);
            try {
                out.getFD().sync();
            } catch (IOException expectedUnderTheFault) {
                // the faulted run's fsync fails with EIO; the plain run's succeeds
            }
        }
    }
}
