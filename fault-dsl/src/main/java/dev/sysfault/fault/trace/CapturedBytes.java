// The first bytes of a read or write buffer that an event kept (strace's -s), compared by content.
package dev.sysfault.fault.trace;

import java.util.Arrays;

/**
 * What a trace kept of a call's buffer: the first {@link TraceOptions#bufferBytes(int)} bytes the kernel moved
 * (written by {@code write}, read by {@code read}). {@link #toString()} is strace's quoted string:
 * {@code "hello\n"}.
 */
public final class CapturedBytes {

    private final byte[] bytes;

    CapturedBytes(byte[] bytes) {
        this.bytes = bytes.clone();
    }

    /** A copy of the bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CapturedBytes c && Arrays.equals(c.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return StraceString.quote(bytes, bytes.length);
    }
}
