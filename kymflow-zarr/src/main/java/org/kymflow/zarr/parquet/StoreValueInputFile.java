package org.kymflow.zarr.parquet;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;
import org.kymflow.zarr.store.ReadableValue;

/**
 * A Parquet input over a store value's positional reads: only the parts asked for are read, so
 * a footer or one row group costs no more than its bytes.
 */
public final class StoreValueInputFile implements InputFile {
    private final ReadableValue value;

    /**
     * @param value the open value; the caller closes it
     */
    public StoreValueInputFile(ReadableValue value) {
        this.value = value;
    }

    /** parquet-java names the file by this in its messages, which the caller prefixes with the path. */
    @Override
    public String toString() {
        return "the file";
    }

    @Override
    public long getLength() {
        return value.size();
    }

    @Override
    public SeekableInputStream newStream() {
        return new SeekableInputStream() {
            private long pos;

            @Override
            public long getPos() {
                return pos;
            }

            @Override
            public void seek(long newPos) {
                pos = newPos;
            }

            @Override
            public int read() throws IOException {
                if (pos >= value.size()) {
                    return -1;
                }
                byte[] one = new byte[1];
                value.readFully(pos++, one, 0, 1);
                return one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                long left = value.size() - pos;
                if (left <= 0) {
                    return len == 0 ? 0 : -1;
                }
                int n = (int) Math.min(len, left);
                value.readFully(pos, b, off, n);
                pos += n;
                return n;
            }

            @Override
            public void readFully(byte[] bytes) throws IOException {
                readFully(bytes, 0, bytes.length);
            }

            @Override
            public void readFully(byte[] bytes, int start, int len) throws IOException {
                value.readFully(pos, bytes, start, len);
                pos += len;
            }

            @Override
            public int read(ByteBuffer buf) throws IOException {
                int len = (int) Math.min(buf.remaining(), value.size() - pos);
                if (len <= 0) {
                    return buf.hasRemaining() ? -1 : 0;
                }
                byte[] tmp = new byte[len];
                readFully(tmp, 0, len);
                buf.put(tmp);
                return len;
            }

            @Override
            public void readFully(ByteBuffer buf) throws IOException {
                byte[] tmp = new byte[buf.remaining()];
                readFully(tmp, 0, tmp.length);
                buf.put(tmp);
            }
        };
    }
}
