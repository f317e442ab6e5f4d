package org.kymflow.zarr.codec;

import com.scalableminds.bloscjava.Blosc;
import java.io.IOException;
import java.util.Map;

/** numcodecs {@code blosc} through blosc-java's bundled native c-blosc 1.21. */
public final class BloscCodec implements ChunkCodec {
    /** Shuffle chosen by blosc from the type size. */
    public static final int AUTOSHUFFLE = -1;
    /** No shuffle. */
    public static final int NOSHUFFLE = 0;
    /** Byte shuffle. */
    public static final int SHUFFLE = 1;
    /** Bit shuffle (the Python default). */
    public static final int BITSHUFFLE = 2;

    private final String cname;
    private final int clevel;
    private final int shuffle;
    private final int blocksize;
    private final Blosc.Compressor compressor;

    /**
     * @param cname the inner compressor: blosclz, lz4, lz4hc, zlib or zstd
     * @param clevel 0..9
     * @param shuffle one of the shuffle constants
     * @param blocksize bytes per block, 0 for automatic
     */
    public BloscCodec(String cname, int clevel, int shuffle, int blocksize) {
        this.cname = cname;
        this.clevel = clevel;
        this.shuffle = shuffle;
        this.blocksize = blocksize;
        this.compressor = switch (cname) {
            case "lz4" -> Blosc.Compressor.LZ4;
            case "lz4hc" -> Blosc.Compressor.LZ4HC;
            case "blosclz" -> Blosc.Compressor.BLOSCLZ;
            case "zstd" -> Blosc.Compressor.ZSTD;
            case "zlib" -> Blosc.Compressor.ZLIB;
            default -> throw new IllegalArgumentException("unknown blosc cname '" + cname
                    + "'; supported are lz4, lz4hc, blosclz, zstd, zlib");
        };
        if (shuffle < AUTOSHUFFLE || shuffle > BITSHUFFLE) {
            throw new IllegalArgumentException("blosc shuffle must be -1, 0, 1 or 2, was " + shuffle);
        }
        if (clevel < 0 || clevel > 9) {
            throw new IllegalArgumentException("blosc clevel must be 0..9, was " + clevel);
        }
    }

    @Override
    public String id() {
        return "blosc";
    }

    @Override
    public byte[] encode(byte[] raw, int typeSize) {
        int effective = shuffle == AUTOSHUFFLE ? (typeSize == 1 ? BITSHUFFLE : SHUFFLE) : shuffle; // numcodecs' rule
        Blosc.Shuffle mode = switch (effective) {
            case NOSHUFFLE -> Blosc.Shuffle.NO_SHUFFLE;
            case SHUFFLE -> Blosc.Shuffle.BYTE_SHUFFLE;
            default -> Blosc.Shuffle.BIT_SHUFFLE;
        };
        try {
            return Blosc.compress(raw, typeSize, compressor, clevel, mode, blocksize, 1);
        } catch (LinkageError e) {
            throw NativeLibraries.unavailable("blosc", e);
        }
    }

    @Override
    public byte[] decode(byte[] stored, int expectedSize) throws IOException {
        // The blosc header (16 bytes) records the raw size; check it before the native code trusts it.
        if (stored.length < 16) {
            throw new IOException("blosc chunk is " + stored.length + " bytes, shorter than its 16-byte header");
        }
        int nbytes = (stored[4] & 0xFF) | (stored[5] & 0xFF) << 8 | (stored[6] & 0xFF) << 16 | (stored[7] & 0xFF) << 24;
        int cbytes = (stored[12] & 0xFF) | (stored[13] & 0xFF) << 8 | (stored[14] & 0xFF) << 16 | (stored[15] & 0xFF) << 24;
        // Bytes past the compressed size are ignored, as c-blosc and numcodecs do (the C++ z5 library
        // writes 16 of them); only a chunk shorter than its header says is truncated.
        if (cbytes < 16 || cbytes > stored.length) {
            throw new IOException("blosc chunk is " + stored.length + " bytes but its header says " + cbytes
                    + " (truncated or corrupt)");
        }
        if (nbytes != expectedSize) {
            throw new IOException("blosc chunk holds " + nbytes + " bytes but the chunk shape needs " + expectedSize);
        }
        byte[] raw;
        try {
            // blosc-java validates the buffer length against the header exactly, so hand it the stated bytes
            raw = Blosc.decompress(cbytes == stored.length ? stored : java.util.Arrays.copyOf(stored, cbytes), 1);
        } catch (RuntimeException e) {
            throw new IOException("blosc could not decompress the chunk: " + e.getMessage(), e);
        } catch (LinkageError e) {
            throw NativeLibraries.unavailable("blosc", e);
        }
        if (raw == null || raw.length != expectedSize) {
            throw new IOException("blosc returned " + (raw == null ? "nothing" : raw.length + " bytes")
                    + " where " + expectedSize + " were expected");
        }
        return raw;
    }

    @Override
    public Map<String, Object> config() {
        return ChunkCodec.configOf("id", "blosc", "cname", cname, "clevel", clevel, "shuffle", shuffle, "blocksize", blocksize);
    }
}
