package org.kymflow.zarr.store;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;

/**
 * A stored value opened for positional reads, so a large file (a Parquet table) can be read in parts
 * without loading it whole.
 */
public interface ReadableValue extends Closeable {
    /** @return the value's length in bytes */
    long size();

    /**
     * Reads exactly {@code length} bytes starting at {@code position}.
     *
     * @param position where to start
     * @param into the buffer
     * @param offset where in the buffer
     * @param length how many bytes
     * @throws EOFException when the value ends first
     * @throws IOException when the read fails
     */
    void readFully(long position, byte[] into, int offset, int length) throws IOException;

    /**
     * @param bytes a value held in memory
     * @return a readable view of it
     */
    static ReadableValue of(byte[] bytes) {
        return new ReadableValue() {
            @Override
            public long size() {
                return bytes.length;
            }

            @Override
            public void readFully(long position, byte[] into, int offset, int length) throws IOException {
                if (position < 0 || position + length > bytes.length) {
                    throw new EOFException("read of " + length + " bytes at " + position + " past the end (" + bytes.length + ")");
                }
                System.arraycopy(bytes, (int) position, into, offset, length);
            }

            @Override
            public void close() {
                // nothing held
            }
        };
    }
}
