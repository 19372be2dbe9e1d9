// The body of every benchmark test: write a small file and sync it, whether or not the sync fails.
package dev.sysfault.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

final class WriteAndSync {

    private WriteAndSync() {
    }

    /**
     * Through a FileChannel: its {@code force(true)} is an fsync, and the method BMUnit's rule throws from. Says
     * whether the sync succeeded, so that each fixture checks its fault was (or was not) there.
     */
    static boolean run(Path dir, int n) throws IOException {
        try (FileChannel out = FileChannel.open(dir.resolve("f" + n), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            out.write(ByteBuffer.allocate(4096));
            try {
                out.force(true);
                return true;
            } catch (IOException expectedUnderTheFault) {
                return false;   // the faulted runs' sync fails (EIO, or Byteman's exception)
            }
        }
    }
}
