package org.kymflow.zarr.codec;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdException;
import java.io.IOException;
import java.util.Map;

/** numcodecs {@code zstd}: one zstd frame, through zstd-jni. */
public final class ZstdCodec implements ChunkCodec {
    private final int level;

    /**
     * @param level the compression level
     */
    public ZstdCodec(int level) {
        this.level = level;
    }

    @Override
    public String id() {
        return "zstd";
    }

    @Override
    public byte[] encode(byte[] raw, int typeSize) {
        try {
            return Zstd.compress(raw, level);
        } catch (LinkageError e) {
            throw NativeLibraries.unavailable("zstd", e);
        }
    }

    @Override
    public byte[] decode(byte[] stored, int expectedSize) throws IOException {
        try {
            byte[] raw = new byte[expectedSize];
            long n = Zstd.decompress(raw, stored);
            if (n != expectedSize) {
                throw new IOException("zstd frame gave " + n + " bytes where " + expectedSize + " were expected");
            }
            return raw;
        } catch (ZstdException e) {
            throw new IOException("corrupt or truncated zstd frame: " + e.getMessage(), e);
        } catch (LinkageError e) {
            throw NativeLibraries.unavailable("zstd", e);
        }
    }

    @Override
    public Map<String, Object> config() {
        return ChunkCodec.configOf("id", "zstd", "level", level);
    }
}
