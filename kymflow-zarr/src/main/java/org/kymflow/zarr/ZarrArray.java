package org.kymflow.zarr;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.kymflow.zarr.codec.ChunkCodec;
import org.kymflow.zarr.store.KeyValueStore;
import org.kymflow.zarr.store.WriteMode;

/**
 * One Zarr v2 array in a store: its {@code .zarray} metadata and chunked region I/O.
 *
 * <p>Region reads and writes touch only the chunks that overlap the region; chunks are decoded and
 * encoded in parallel when there are several. A missing chunk is an error on reading (see {@code loadChunk}).
 */
final class ZarrArray {
    static final String ZARRAY = ".zarray";
    private static final int PARALLEL_MIN_CHUNKS = 4;

    private final KeyValueStore store;
    private final String path;
    private final long[] shape;
    private final int[] chunks;
    private final DType dtype;
    private final ChunkCodec codec;
    private final String separator;
    private final double fillValue;

    private ZarrArray(KeyValueStore store, String path, long[] shape, int[] chunks, DType dtype, ChunkCodec codec,
                      String separator, double fillValue) {
        this.store = store;
        this.path = path;
        this.shape = shape;
        this.chunks = chunks;
        this.dtype = dtype;
        this.codec = codec;
        this.separator = separator;
        this.fillValue = fillValue;
    }

    /**
     * Opens an existing array, checking every feature of its metadata.
     *
     * @throws ZarrException naming the array and the feature when {@code .zarray} is missing, corrupt or
     *     asks for something unsupported (Fortran order, filters, big endian, unknown codec)
     */
    static ZarrArray open(KeyValueStore store, String path) {
        String key = path + "/" + ZARRAY;
        String where = store.describe(key);
        byte[] bytes;
        try {
            bytes = store.get(key).orElseThrow(() -> new ZarrException("no Zarr array at " + store.describe(path)
                    + ": " + ZARRAY + " is missing"));
        } catch (IOException e) {
            throw new ZarrException(where + ": cannot read: " + e.getMessage(), e);
        }
        Map<String, Object> meta = Json.parseObject(bytes, where);
        Object format = meta.get("zarr_format");
        if (!(format instanceof Number n) || n.intValue() != 2) {
            throw new ZarrException(where + ": zarr_format is " + format + "; only Zarr v2 is supported");
        }
        if (!"C".equals(meta.get("order"))) {
            throw new ZarrException(where + ": order " + meta.get("order") + " is not supported; only C order");
        }
        Object filters = meta.get("filters");
        if (filters != null && !(filters instanceof List<?> l && l.isEmpty())) {
            throw new ZarrException(where + ": filters " + filters + " are not supported; store the array without filters");
        }
        long[] shape = longs(meta.get("shape"), "shape", where);
        for (int a = 0; a < shape.length; a++) {
            if (shape[a] > Integer.MAX_VALUE) {
                // regions, views and Java arrays index each axis with an int: refused here, not as an overflow later
                throw new ZarrException(where + ": shape " + Arrays.toString(shape) + " is too large: " + shape[a] + " on axis "
                        + a + ", more than the " + Integer.MAX_VALUE + " KymFlow can address");
            }
        }
        long[] chunkLongs = longs(meta.get("chunks"), "chunks", where);
        if (shape.length != chunkLongs.length) {
            throw new ZarrException(where + ": shape has " + shape.length + " axes but chunks has " + chunkLongs.length);
        }
        int[] chunks = new int[chunkLongs.length];
        for (int i = 0; i < chunks.length; i++) {
            if (chunkLongs[i] < 1 || chunkLongs[i] > Integer.MAX_VALUE) {
                throw new ZarrException(where + ": chunk length " + chunkLongs[i] + " on axis " + i + " is invalid");
            }
            chunks[i] = (int) chunkLongs[i];
        }
        DType dtype = DType.fromZarrType(meta.get("dtype") instanceof String s ? s : null, where);
        long chunkBytes = dtype.byteSize();
        for (int c : chunks) {
            chunkBytes *= c;
            if (chunkBytes > Integer.MAX_VALUE) {
                throw new ZarrException(where + ": chunks " + chunkLongs.length + " axes " + Arrays.toString(chunkLongs)
                        + " make a chunk larger than 2 GB, which this reader cannot hold");
            }
        }
        for (int i = 0; i < shape.length; i++) {
            // a shape this large (more than 2^62 elements along one axis) is corruption, not data
            if (shape[i] > (1L << 62)) {
                throw new ZarrException(where + ": shape " + Arrays.toString(shape) + " is out of range on axis " + i);
            }
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> compressor = (Map<String, Object>) (meta.get("compressor") instanceof Map<?, ?> m ? m : null);
        if (meta.get("compressor") != null && compressor == null) {
            throw new ZarrException(where + ": compressor must be an object or null, was " + meta.get("compressor"));
        }
        ChunkCodec codec = ChunkCodec.fromConfig(compressor, where);
        Object sep = meta.getOrDefault("dimension_separator", ".");
        if (!".".equals(sep) && !"/".equals(sep)) {
            throw new ZarrException(where + ": dimension_separator '" + sep + "' is not supported");
        }
        double fill = switch (String.valueOf(meta.get("fill_value"))) {
            case "null" -> 0;
            case "NaN" -> Double.NaN;
            default -> meta.get("fill_value") instanceof Number num ? num.doubleValue() : Double.NaN;
        };
        return new ZarrArray(store, path, shape, chunks, dtype, codec, (String) sep, fill);
    }

    private static long[] longs(Object value, String name, String where) {
        if (!(value instanceof List<?> list)) {
            throw new ZarrException(where + ": '" + name + "' must be a list of integers, was " + value);
        }
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Number n) || n.longValue() < 0) {
                throw new ZarrException(where + ": '" + name + "' must hold non-negative integers, was " + list);
            }
            out[i] = n.longValue();
        }
        return out;
    }

    /** Creates an array (writing {@code .zarray}) with fill value 0 and no filters, as Python does. */
    static ZarrArray create(KeyValueStore store, String path, long[] shape, int[] chunks, DType dtype, ChunkCodec codec)
            throws IOException {
        if (shape.length != chunks.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " and chunks " + Arrays.toString(chunks)
                    + " differ in length");
        }
        for (int i = 0; i < chunks.length; i++) {
            if (chunks[i] < 1) {
                throw new IllegalArgumentException("chunk length on axis " + i + " must be at least 1, was " + chunks[i]);
            }
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("chunks", chunks);
        meta.put("compressor", codec.config());
        meta.put("dimension_separator", ".");
        meta.put("dtype", dtype.zarrType());
        meta.put("fill_value", 0);
        meta.put("filters", null);
        meta.put("order", "C");
        meta.put("shape", shape);
        meta.put("zarr_format", 2);
        store.put(path + "/" + ZARRAY, Json.write(meta, 4, true));
        return new ZarrArray(store, path, shape.clone(), chunks.clone(), dtype, codec, ".", 0);
    }

    ArrayInfo info() {
        return new ArrayInfo(shape, dtype, chunks, codec.id());
    }

    String path() {
        return path;
    }

    private String chunkKey(int[] chunkIndex) {
        StringBuilder sb = new StringBuilder(path).append('/');
        for (int i = 0; i < chunkIndex.length; i++) {
            sb.append(i == 0 ? "" : separator).append(chunkIndex[i]);
        }
        if (chunkIndex.length == 0) {
            sb.append('0');
        }
        return sb.toString();
    }

    private int chunkBytes() {
        long n = dtype.byteSize();
        for (int c : chunks) {
            n *= c;
        }
        return Math.toIntExact(n);
    }

    /** Reads the whole array. */
    NdArray readAll() {
        return read(new long[shape.length], wholeShape());
    }

    /** The array's shape as a region, refused when the whole array could not be held (an absurd {@code .zarray}). */
    private int[] wholeShape() {
        int[] full = new int[shape.length];
        long bytes = dtype.byteSize();
        for (int i = 0; i < shape.length; i++) {
            bytes = shape[i] == 0 ? 0 : Math.min(Long.MAX_VALUE / 2, bytes * shape[i]);
            if (shape[i] > Integer.MAX_VALUE || bytes > Integer.MAX_VALUE - 8) {
                throw new ZarrException(store.describe(path + "/" + ZARRAY) + ": shape " + Arrays.toString(shape)
                        + " is too large to read whole (over 2 GB); read it by region");
            }
            full[i] = (int) shape[i];
        }
        return full;
    }

    /**
     * Reads a box of the array.
     *
     * @throws IllegalArgumentException when the box leaves the array, naming axis and bounds
     * @throws ZarrException naming the chunk file when a chunk is corrupt or truncated
     */
    NdArray read(long[] offset, int[] regionShape) {
        checkRegion(offset, regionShape);
        long total = dtype.byteSize();
        for (int s : regionShape) {
            total *= s;
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("region " + Arrays.toString(regionShape) + " of " + store.describe(path)
                    + " is larger than 2 GB; read smaller regions");
        }
        byte[] out = new byte[(int) total];
        forEachTouchedChunk(offset, regionShape, chunkIndex ->
                copyOverlap(chunkIndex, loadChunk(chunkIndex, false), offset, regionShape, out, true));
        return NdArray.fromLittleEndianBytes(dtype, regionShape, out);
    }

    /**
     * Writes a box of the array; chunks wholly covered are written without being read.
     */
    void write(long[] offset, NdArray data) {
        if (data.dtype() != dtype) {
            throw new IllegalArgumentException(store.describe(path) + " holds " + dtype.numpyName() + " but "
                    + data.dtype().numpyName() + " data was given");
        }
        int[] regionShape = data.shape();
        checkRegion(offset, regionShape);
        byte[] src = data.toLittleEndianBytes();
        forEachTouchedChunk(offset, regionShape, chunkIndex -> {
            byte[] raw = coversValidPart(chunkIndex, offset, regionShape) ? fillChunk() : loadChunk(chunkIndex, true);
            copyOverlap(chunkIndex, raw, offset, regionShape, src, false);
            try {
                store.put(chunkKey(chunkIndex), codec.encode(raw, dtype.byteSize()), WriteMode.ATOMIC);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write chunk " + store.describe(chunkKey(chunkIndex)), e);
            }
        });
    }

    /** Runs the action on every chunk the region overlaps, in parallel when there are several. */
    private void forEachTouchedChunk(long[] offset, int[] regionShape, java.util.function.Consumer<int[]> action) {
        List<int[]> touched = touchedChunks(offset, regionShape);
        IntStream indices = IntStream.range(0, touched.size());
        if (touched.size() >= PARALLEL_MIN_CHUNKS) {
            indices = indices.parallel();
        }
        indices.forEach(i -> action.accept(touched.get(i)));
    }

    private void checkRegion(long[] offset, int[] regionShape) {
        if (offset.length != shape.length || regionShape.length != shape.length) {
            throw new IllegalArgumentException("array " + store.describe(path) + " has " + shape.length
                    + " axes; offset " + Arrays.toString(offset) + " and shape " + Arrays.toString(regionShape) + " do not match");
        }
        for (int a = 0; a < shape.length; a++) {
            if (offset[a] < 0 || regionShape[a] < 0 || offset[a] + regionShape[a] > shape[a]) {
                throw new IllegalArgumentException("region [" + offset[a] + ", " + (offset[a] + regionShape[a])
                        + ") on axis " + a + " is outside the array's 0.." + shape[a] + " (" + store.describe(path) + ")");
            }
        }
    }

    /**
     * @return the keys of chunks the array's shape needs but the store lacks (a reader fills them with
     *     the fill value; zarr-python writes every chunk, so a missing one means an interrupted write)
     */
    List<String> missingChunks() {
        int[] whole = wholeShape();
        List<String> missing = new ArrayList<>();
        try {
            // With the flat "." separator every chunk is a direct child: one listing answers for all of
            // them, which matters because ingest asks this of every unchanged image.
            Set<String> present = ".".equals(separator)
                    ? new HashSet<>(store.listChildren(path)) : null;
            for (int[] chunkIndex : touchedChunks(new long[shape.length], whole)) {
                String key = chunkKey(chunkIndex);
                boolean there = present != null
                        ? present.contains(key.substring(key.lastIndexOf('/') + 1))
                        : store.exists(key);
                if (!there) {
                    missing.add(store.describe(key));
                }
            }
        } catch (IOException e) {
            throw new ZarrException("cannot list the chunks of " + store.describe(path) + ": " + e.getMessage(), e);
        }
        return missing;
    }

    private List<int[]> touchedChunks(long[] offset, int[] regionShape) {
        int n = shape.length;
        int[] lo = new int[n];
        int[] hi = new int[n];
        for (int a = 0; a < n; a++) {
            if (regionShape[a] == 0) {
                return List.of();
            }
            lo[a] = (int) (offset[a] / chunks[a]);
            hi[a] = (int) ((offset[a] + regionShape[a] - 1) / chunks[a]);
        }
        List<int[]> out = new ArrayList<>();
        int[] idx = lo.clone();
        while (true) {
            out.add(idx.clone());
            int a = n - 1;
            while (a >= 0 && idx[a] == hi[a]) {
                idx[a] = lo[a];
                a--;
            }
            if (a < 0) {
                return out;
            }
            idx[a]++;
        }
    }

    private boolean coversValidPart(int[] chunkIndex, long[] offset, int[] regionShape) {
        for (int a = 0; a < shape.length; a++) {
            long start = (long) chunkIndex[a] * chunks[a];
            long end = Math.min(start + chunks[a], shape[a]);
            if (offset[a] > start || offset[a] + regionShape[a] < end) {
                return false;
            }
        }
        return true;
    }

    private byte[] fillChunk() {
        byte[] raw = new byte[chunkBytes()];
        boolean floating = dtype == DType.FLOAT32 || dtype == DType.FLOAT64;
        // zeros are the common case; NaN has no integer form, so integer arrays then fill with 0
        if (fillValue != 0 && (floating || !Double.isNaN(fillValue))) {
            ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
            while (b.hasRemaining()) {
                switch (dtype) {
                    case UINT8 -> b.put((byte) fillValue);
                    case UINT16, INT16 -> b.putShort((short) fillValue);
                    case INT32 -> b.putInt((int) fillValue);
                    case FLOAT32 -> b.putFloat((float) fillValue);
                    case FLOAT64 -> b.putDouble(fillValue);
                }
            }
        }
        return raw;
    }

    /**
     * One chunk's decoded bytes. A chunk missing inside the array's bounds is an error on reading: zarr-python
     * and this class write every chunk, so a missing one is a lost file, and reading it as the fill value
     * would analyse zeros as if they were pixels. A write of part of a chunk that was never written starts
     * from the fill value, as Zarr says.
     */
    private byte[] loadChunk(int[] chunkIndex, boolean missingIsFill) {
        String key = chunkKey(chunkIndex);
        Optional<byte[]> stored;
        try {
            stored = store.get(key);
        } catch (IOException e) {
            throw new ZarrException("cannot read chunk " + store.describe(key) + ": " + e.getMessage(), e);
        }
        if (stored.isEmpty()) {
            if (missingIsFill) {
                return fillChunk();
            }
            throw new ZarrException("chunk " + store.describe(key) + " is missing (lost, or an interrupted write); its"
                    + " pixels are unknown, so nothing reads them: re-ingest the image's source file");
        }
        byte[] raw;
        try {
            raw = codec.decode(stored.get(), chunkBytes());
        } catch (IOException e) {
            throw new ZarrException("corrupt chunk " + store.describe(key) + " (" + codec.id() + "): " + e.getMessage(), e);
        }
        if (raw.length != chunkBytes()) {
            // every codec checks this itself; this is the one place that cannot be forgotten by a new one
            throw new ZarrException("corrupt chunk " + store.describe(key) + " (" + codec.id() + "): decoded to " + raw.length
                    + " bytes where the chunk shape needs " + chunkBytes());
        }
        return raw;
    }

    /**
     * Copies the overlap of one chunk and the region, in contiguous runs along the last axis; toRegion
     * chooses the direction (chunk to region on read, region to chunk on write).
     */
    private void copyOverlap(int[] chunkIndex, byte[] chunk, long[] offset, int[] regionShape, byte[] region,
                             boolean toRegion) {
        int n = shape.length;
        int item = dtype.byteSize();
        int[] lo = new int[n]; // overlap start, in region coordinates
        int[] len = new int[n];
        int[] inChunk = new int[n]; // overlap start, in chunk coordinates
        for (int a = 0; a < n; a++) {
            long chunkStart = (long) chunkIndex[a] * chunks[a];
            long start = Math.max(chunkStart, offset[a]);
            long end = Math.min(chunkStart + chunks[a], offset[a] + regionShape[a]);
            lo[a] = (int) (start - offset[a]);
            len[a] = (int) (end - start);
            inChunk[a] = (int) (start - chunkStart);
        }
        if (n == 0) {
            System.arraycopy(toRegion ? chunk : region, 0, toRegion ? region : chunk, 0, item);
            return;
        }
        // Trailing axes that the overlap covers whole, in both the chunk and the region, are contiguous
        // in both: copy them as one run (a whole 256 x 256 plane at once instead of 256 rows).
        int k = n - 1;
        long run = len[n - 1];
        while (k > 0 && len[k] == chunks[k] && len[k] == regionShape[k]) {
            k--;
            run *= len[k];
        }
        int runBytes = (int) (run * item);
        int outer = k; // axes 0..k-1 are iterated; axis k and after are inside the run
        int[] pos = new int[Math.max(outer, 1)];
        while (true) {
            long regionOff = 0;
            long chunkOff = 0;
            for (int a = 0; a < n; a++) {
                int p = a < outer ? pos[a] : 0;
                regionOff = regionOff * regionShape[a] + lo[a] + p;
                chunkOff = chunkOff * chunks[a] + inChunk[a] + p;
            }
            if (toRegion) {
                System.arraycopy(chunk, (int) (chunkOff * item), region, (int) (regionOff * item), runBytes);
            } else {
                System.arraycopy(region, (int) (regionOff * item), chunk, (int) (chunkOff * item), runBytes);
            }
            int a = outer - 1;
            while (a >= 0 && pos[a] == len[a] - 1) {
                pos[a] = 0;
                a--;
            }
            if (a < 0) {
                return;
            }
            pos[a]++;
        }
    }
}
