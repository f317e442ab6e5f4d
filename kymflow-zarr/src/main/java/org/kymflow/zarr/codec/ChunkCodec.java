package org.kymflow.zarr.codec;

import java.util.LinkedHashMap;
import java.util.Map;
import org.kymflow.zarr.ZarrException;

/**
 * A Zarr v2 compressor: turns a chunk's raw little-endian bytes into stored bytes and back. One class per
 * numcodecs id; {@link #fromConfig} parses the {@code compressor} object of {@code .zarray}.
 */
public interface ChunkCodec {
    /** @return the numcodecs id, e.g. {@code blosc} */
    String id();

    /**
     * @param raw the chunk's bytes
     * @param typeSize bytes per element (blosc shuffles by it)
     * @return the stored bytes
     */
    byte[] encode(byte[] raw, int typeSize);

    /**
     * @param stored the stored bytes
     * @param expectedSize the raw size the chunk must have
     * @return the raw bytes
     * @throws ZarrException (via the caller) when the data is corrupt
     */
    byte[] decode(byte[] stored, int expectedSize) throws java.io.IOException;

    /** @return the {@code compressor} object exactly as numcodecs writes it */
    Map<String, Object> config();

    /** The Python default: {@code {"id":"blosc","cname":"zstd","clevel":3,"shuffle":2,"blocksize":0}}. */
    static ChunkCodec pythonDefault() {
        return new BloscCodec("zstd", 3, BloscCodec.BITSHUFFLE, 0);
    }

    /**
     * @param config the {@code compressor} value of {@code .zarray} (null for none)
     * @param where the array, for messages
     * @return the codec; {@link NoCompression} when config is null
     * @throws ZarrException naming the array and the codec when it is unknown or ill-formed
     */
    static ChunkCodec fromConfig(Map<String, Object> config, String where) {
        if (config == null) {
            return NoCompression.INSTANCE;
        }
        Object id = config.get("id");
        try {
            if ("blosc".equals(id)) {
                return new BloscCodec((String) config.getOrDefault("cname", "lz4"), intOf(config, "clevel", 5),
                        intOf(config, "shuffle", 1), intOf(config, "blocksize", 0));
            }
            if ("zlib".equals(id)) {
                return new ZlibCodec(intOf(config, "level", 1));
            }
            if ("gzip".equals(id)) {
                return new GzipCodec(intOf(config, "level", 1));
            }
            if ("zstd".equals(id)) {
                return new ZstdCodec(intOf(config, "level", 1));
            }
        } catch (ClassCastException | IllegalArgumentException e) {
            throw new ZarrException(where + ": ill-formed compressor " + config + ": " + e.getMessage(), e);
        }
        throw new ZarrException(where + ": unsupported compressor id '" + id + "'; supported are blosc, zlib, gzip, zstd and none");
    }

    private static int intOf(Map<String, Object> config, String key, int fallback) {
        Object v = config.get(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException("'" + key + "' must be a number, was " + v);
        }
        return n.intValue();
    }

    /** Helper for codec configs in numcodecs' key order. */
    /**
     * @param keysAndValues alternating keys and values
     * @return them as an ordered map, as numcodecs writes a compressor object
     */
    static Map<String, Object> configOf(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
