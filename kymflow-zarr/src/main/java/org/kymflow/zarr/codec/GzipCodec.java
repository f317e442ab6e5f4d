package org.kymflow.zarr.codec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** numcodecs {@code gzip}: a gzip member, through {@code java.util.zip}. */
public final class GzipCodec implements ChunkCodec {
    private final int level;

    /**
     * @param level the compression level
     */
    public GzipCodec(int level) {
        if (level < 0 || level > 9) {
            throw new IllegalArgumentException("gzip level must be 0..9, was " + level);
        }
        this.level = level;
    }

    @Override
    public String id() {
        return "gzip";
    }

    @Override
    public byte[] encode(byte[] raw, int typeSize) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 2 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out) {
            {
                def.setLevel(level);
            }
        }) {
            gz.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException("gzip to memory failed", e);
        }
        return out.toByteArray();
    }

    @Override
    public byte[] decode(byte[] stored, int expectedSize) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(stored))) {
            byte[] raw = in.readNBytes(expectedSize);
            if (raw.length != expectedSize) {
                throw new IOException("gzip stream gave " + raw.length + " bytes where " + expectedSize + " were expected");
            }
            return raw;
        } catch (EOFException e) {
            throw new IOException("gzip stream is truncated", e);
        }
    }

    @Override
    public Map<String, Object> config() {
        return ChunkCodec.configOf("id", "gzip", "level", level);
    }
}
