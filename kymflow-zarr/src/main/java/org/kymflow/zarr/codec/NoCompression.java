package org.kymflow.zarr.codec;

import java.util.Map;

/** Chunks stored raw ({@code "compressor": null}). */
public final class NoCompression implements ChunkCodec {
    /** The one instance. */
    public static final NoCompression INSTANCE = new NoCompression();

    private NoCompression() {
    }

    @Override
    public String id() {
        return "none";
    }

    @Override
    public byte[] encode(byte[] raw, int typeSize) {
        return raw;
    }

    @Override
    public byte[] decode(byte[] stored, int expectedSize) throws java.io.IOException {
        if (stored.length != expectedSize) {
            throw new java.io.IOException("uncompressed chunk is " + stored.length + " bytes where the chunk shape needs "
                    + expectedSize + " (truncated or corrupt)");
        }
        return stored;
    }

    @Override
    public Map<String, Object> config() {
        return null;
    }
}
