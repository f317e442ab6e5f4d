package org.kymflow.zarr.codec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/** numcodecs {@code zlib}: a zlib stream, through {@code java.util.zip}. */
public final class ZlibCodec implements ChunkCodec {
    private final int level;

    /**
     * @param level the compression level
     */
    public ZlibCodec(int level) {
        if (level < 0 || level > 9) {
            throw new IllegalArgumentException("zlib level must be 0..9, was " + level);
        }
        this.level = level;
    }

    @Override
    public String id() {
        return "zlib";
    }

    @Override
    public byte[] encode(byte[] raw, int typeSize) {
        Deflater deflater = new Deflater(level);
        try {
            deflater.setInput(raw);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 2 + 64);
            byte[] buffer = new byte[65536];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    @Override
    public byte[] decode(byte[] stored, int expectedSize) throws IOException {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(stored);
            byte[] raw = new byte[expectedSize];
            int n = 0;
            while (n < expectedSize && !inflater.finished()) {
                int got = inflater.inflate(raw, n, expectedSize - n);
                if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new IOException("zlib stream ended after " + n + " of " + expectedSize + " bytes (truncated)");
                }
                n += got;
            }
            if (n != expectedSize) {
                throw new IOException("zlib stream gave " + n + " bytes where " + expectedSize + " were expected");
            }
            return raw;
        } catch (DataFormatException e) {
            throw new IOException("corrupt zlib stream: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }

    @Override
    public Map<String, Object> config() {
        return ChunkCodec.configOf("id", "zlib", "level", level);
    }
}
