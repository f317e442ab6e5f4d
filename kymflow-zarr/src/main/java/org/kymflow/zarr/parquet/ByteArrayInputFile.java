package org.kymflow.zarr.parquet;

import java.io.ByteArrayInputStream;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

/** A Parquet input over bytes held in memory (a per-image table artifact, a table part being merged). */
public final class ByteArrayInputFile implements InputFile {
    private final byte[] bytes;

    /**
     * @param bytes the whole Parquet file; not copied
     */
    public ByteArrayInputFile(byte[] bytes) {
        this.bytes = bytes;
    }

    @Override
    public long getLength() {
        return bytes.length;
    }

    @Override
    public SeekableInputStream newStream() {
        SeekableByteArrayStream in = new SeekableByteArrayStream(bytes);
        return new DelegatingSeekableInputStream(in) {
            @Override
            public long getPos() {
                return in.position();
            }

            @Override
            public void seek(long newPos) {
                in.seek(newPos);
            }
        };
    }

    private static final class SeekableByteArrayStream extends ByteArrayInputStream {
        SeekableByteArrayStream(byte[] bytes) {
            super(bytes);
        }

        long position() {
            return pos;
        }

        void seek(long newPos) {
            if (newPos < 0 || newPos > count) {
                throw new IllegalArgumentException("seek to " + newPos + " outside 0.." + count);
            }
            pos = (int) newPos;
        }
    }
}
