// The control file of a running program (docs/control-file.md): which rule table its processes follow, swapped by Java.
package dev.sysfault.run.internal;

import dev.sysfault.fault.RuleTable;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Written here, mapped read-only by every process of the program ({@code SYSFAULT_CONTROL}): a generation number,
 * and beside the file one table per generation, {@code rules-N}. {@link #arm} writes the next table whole, then
 * stores its generation with a release store; each process sees the new number at its next syscall and loads that
 * table (checked, from a private copy) between two calls. Not thread-safe: its owner serialises the swaps.
 */
public final class ControlFile {

    /** The file's name in the run directory; the tables are its siblings. */
    public static final String NAME = "control";

    private static final byte[] MAGIC = "SFCTRL\0\0".getBytes(StandardCharsets.US_ASCII);
    private static final short VERSION = 1;
    private static final int GENERATION_OFFSET = 16;
    private static final int SIZE = 64;
    private static final String TABLE_PREFIX = "rules-";
    private static final VarHandle LONG =
            MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final Path file;
    private final MappedByteBuffer mapped;
    private long generation;

    private ControlFile(Path file, MappedByteBuffer mapped) {
        this.file = file;
        this.mapped = mapped;
    }

    /** Creates {@code dir/control} at generation 0: the processes follow the table {@code SYSFAULT_RULES} names. */
    public static ControlFile create(Path dir) throws IOException {
        Path file = dir.resolve(NAME);
        ByteBuffer bytes = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        bytes.put(MAGIC).putShort(VERSION);
        Files.write(file, bytes.array(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return new ControlFile(file, channel.map(FileChannel.MapMode.READ_WRITE, 0, SIZE));
        }
    }

    public Path path() {
        return file;
    }

    /** Writes {@code table} as the next generation's and makes every process follow it; returns its file. */
    public Path arm(RuleTable table) throws IOException {
        Path next = nextTable();
        table.write(next);
        publish();
        return next;
    }

    /**
     * Makes every process follow {@code table}, a table armed before (its counters go on counting: the next
     * generation's file is a second name for it); returns {@code table}.
     */
    public Path armAgain(Path table) throws IOException {
        Files.createLink(nextTable(), table);
        publish();
        return table;
    }

    private Path nextTable() {
        return file.resolveSibling(TABLE_PREFIX + (generation + 1));
    }

    private void publish() {
        generation++;
        // Release: whoever reads this number also sees the table file written before it.
        LONG.setRelease(mapped, GENERATION_OFFSET, generation);
    }
}
