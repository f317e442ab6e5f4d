package org.kymflow.zarr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.kymflow.zarr.codec.BloscCodec;
import org.kymflow.zarr.codec.ChunkCodec;
import org.kymflow.zarr.codec.GzipCodec;
import org.kymflow.zarr.codec.NoCompression;
import org.kymflow.zarr.codec.ZlibCodec;
import org.kymflow.zarr.codec.ZstdCodec;
import org.kymflow.zarr.store.DirectoryStore;
import org.kymflow.zarr.store.InMemoryStore;
import org.kymflow.zarr.store.KeyValueStore;

class TestArrays {
    @TempDir
    Path tmp;

    /** A deterministic array of the given type whose values span the type's range. */
    static NdArray randomArray(DType dtype, long seed, int... shape) {
        Random random = new Random(seed);
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        return switch (dtype) {
            case UINT8 -> {
                byte[] d = new byte[n];
                random.nextBytes(d);
                yield NdArray.ofUint8(d, shape);
            }
            case UINT16, INT16 -> {
                short[] d = new short[n];
                for (int i = 0; i < n; i++) {
                    d[i] = (short) random.nextInt(65536);
                }
                yield dtype == DType.UINT16 ? NdArray.ofUint16(d, shape) : NdArray.ofInt16(d, shape);
            }
            case INT32 -> {
                int[] d = new int[n];
                for (int i = 0; i < n; i++) {
                    d[i] = random.nextInt();
                }
                yield NdArray.ofInt32(d, shape);
            }
            case FLOAT32 -> {
                float[] d = new float[n];
                for (int i = 0; i < n; i++) {
                    d[i] = (float) random.nextGaussian() * 1000;
                }
                yield NdArray.ofFloat32(d, shape);
            }
            case FLOAT64 -> {
                double[] d = new double[n];
                for (int i = 0; i < n; i++) {
                    d[i] = random.nextGaussian() * 1e6;
                }
                yield NdArray.ofFloat64(d, shape);
            }
        };
    }

    static Stream<Arguments> dtypesAndRanks() {
        int[][] shapes = {{37, 23}, {3, 17, 11}, {2, 9, 7, 3}, {2, 2, 5, 6, 2}};
        return Stream.of(DType.values()).flatMap(d -> Stream.of(shapes).map(s -> Arguments.of(d, s)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dtypesAndRanks")
    void everyDtypeAndRankRoundTripsThroughADataset(DType dtype, int[] shape) {
        NdArray data = randomArray(dtype, 42, shape);
        String id;
        try (ZarrDataset ds = ZarrDataset.open(tmp.resolve("d.zarr"), OpenMode.APPEND)) {
            id = ds.addImage(data).imageId();
        }
        try (ZarrDataset ds = ZarrDataset.open(tmp.resolve("d.zarr"), OpenMode.READ)) {
            ZarrImageRecord r = ds.record(id);
            assertEquals(data, r.loadArray());
            assertEquals(dtype, r.arrayInfo().dtype());
            assertEquals(ImageLayout.defaultAxes(shape.length), r.axes());
        }
    }

    static Stream<Arguments> codecs() {
        return Stream.of(
                Arguments.of(ChunkCodec.pythonDefault()),
                Arguments.of(new BloscCodec("lz4", 5, BloscCodec.SHUFFLE, 0)),
                Arguments.of(new BloscCodec("lz4hc", 9, BloscCodec.NOSHUFFLE, 0)),
                Arguments.of(new BloscCodec("blosclz", 1, BloscCodec.AUTOSHUFFLE, 0)),
                Arguments.of(new BloscCodec("zlib", 4, BloscCodec.BITSHUFFLE, 0)),
                Arguments.of(new BloscCodec("zstd", 0, BloscCodec.SHUFFLE, 256)),
                Arguments.of(new ZlibCodec(6)),
                Arguments.of(new GzipCodec(5)),
                Arguments.of(new ZstdCodec(3)),
                Arguments.of(NoCompression.INSTANCE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("codecs")
    void everyCompressorRoundTripsWithRegionsAcrossChunkEdges(ChunkCodec codec) throws Exception {
        for (KeyValueStore store : List.of(new InMemoryStore(), new DirectoryStore(tmp.resolve(codec.config() + "x")))) {
            for (DType dtype : DType.values()) {
                NdArray data = randomArray(dtype, 7, 50, 33);
                ZarrArray a = ZarrArray.create(store, "a/" + dtype, new long[] {50, 33}, new int[] {16, 10}, dtype, codec);
                a.write(new long[] {0, 0}, data);
                ZarrArray back = ZarrArray.open(store, "a/" + dtype);
                assertEquals(data, back.readAll());
                NdArray region = back.read(new long[] {13, 8}, new int[] {20, 17});
                for (int y = 0; y < 20; y++) {
                    for (int x = 0; x < 17; x++) {
                        assertEquals(data.getDouble(13 + y, 8 + x), region.getDouble(y, x), dtype + " at " + y + "," + x);
                    }
                }
            }
        }
    }

    @Test
    void regionReadTouchesOnlyTheChunksItNeeds() throws Exception {
        CountingStore store = new CountingStore();
        ZarrArray a = ZarrArray.create(store, "a", new long[] {1000, 40}, new int[] {100, 40}, DType.UINT16, ChunkCodec.pythonDefault());
        a.write(new long[] {0, 0}, randomArray(DType.UINT16, 1, 1000, 40));
        store.gets.clear();
        ZarrArray.open(store, "a").read(new long[] {250, 5}, new int[] {100, 10});
        assertEquals(List.of("a/.zarray", "a/2.0", "a/3.0"), store.gets.stream().sorted().toList());
    }

    @Test
    void partialWriteKeepsTheRestOfTheChunk() throws Exception {
        InMemoryStore store = new InMemoryStore();
        NdArray base = randomArray(DType.INT32, 3, 20, 20);
        ZarrArray a = ZarrArray.create(store, "a", new long[] {20, 20}, new int[] {8, 8}, DType.INT32, new ZstdCodec(1));
        a.write(new long[] {0, 0}, base);
        NdArray patch = NdArray.ofInt32(new int[] {-1, -2, -3, -4}, 2, 2);
        a.write(new long[] {7, 7}, patch);
        NdArray back = a.readAll();
        for (int y = 0; y < 20; y++) {
            for (int x = 0; x < 20; x++) {
                double expected = y >= 7 && y < 9 && x >= 7 && x < 9 ? patch.getDouble(y - 7, x - 7) : base.getDouble(y, x);
                assertEquals(expected, back.getDouble(y, x), y + "," + x);
            }
        }
    }

    @Test
    void aMissingChunkIsAnErrorNamingItAndAPartialWriteStartsFromTheFillValue() throws Exception {
        InMemoryStore store = new InMemoryStore();
        ZarrArray.create(store, "a", new long[] {10, 10}, new int[] {5, 5}, DType.FLOAT32, ChunkCodec.pythonDefault());
        ZarrArray a = ZarrArray.open(store, "a");
        ZarrException e = assertThrows(ZarrException.class, a::readAll);
        assertTrue(e.getMessage().startsWith("chunk memory:/a/") && e.getMessage().contains(" is missing"), e.getMessage());
        a.write(new long[] {0, 0}, NdArray.ofFloat32(new float[] {7f}, 1, 1)); // part of chunk 0.0
        NdArray region = a.read(new long[] {0, 0}, new int[] {5, 5});
        assertEquals(7.0, region.getDouble(0, 0));
        assertEquals(0.0, region.getDouble(4, 4), "the rest of a chunk written in part is the fill value");
        assertThrows(ZarrException.class, () -> a.read(new long[] {5, 5}, new int[] {1, 1}), "chunk 1.1 was never written");
    }

    @Test
    void anAxisLongerThanAnIntCanAddressIsRefusedNamingTheZarray() throws Exception {
        InMemoryStore store = new InMemoryStore();
        store.put("a/.zarray", ("{\"zarr_format\": 2, \"shape\": [3000000000, 38], \"chunks\": [512, 38], \"dtype\": \"<u2\","
                + " \"compressor\": null, \"fill_value\": 0, \"order\": \"C\", \"filters\": null}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        ZarrException e = assertThrows(ZarrException.class, () -> ZarrArray.open(store, "a"));
        assertTrue(e.getMessage().contains(".zarray") && e.getMessage().contains("too large: 3000000000 on axis 0"), e.getMessage());
    }

    @Test
    void regionOutsideTheArrayIsAClearError() {
        try (ZarrDataset ds = ZarrDataset.inMemory()) {
            ZarrImageRecord r = ds.addImage(randomArray(DType.UINT16, 1, 30, 10));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> r.readRegion(new long[] {25, 0}, new int[] {10, 10}));
            assertTrue(e.getMessage().contains("axis 0") && e.getMessage().contains("30"), e.getMessage());
        }
    }

    @Test
    void defaultChunksFollowTheAxes() {
        assertArrayEquals(new int[] {512, 38}, ImageLayout.defaultChunks(new int[] {30000, 38}, List.of("y", "x")));
        assertArrayEquals(new int[] {1, 512, 300, 1}, ImageLayout.defaultChunks(new int[] {4, 600, 300, 3}, List.of("z", "y", "x", "c")));
        assertArrayEquals(new int[] {1, 1, 2, 2, 1}, ImageLayout.defaultChunks(new int[] {2, 2, 2, 2, 2}, ImageLayout.defaultAxes(5)));
    }

    /** Records which keys were read. */
    static final class CountingStore extends ForwardingStore {
        final List<String> gets = java.util.Collections.synchronizedList(new java.util.ArrayList<>());

        @Override
        public java.util.Optional<byte[]> get(String key) {
            gets.add(key);
            return inner.get(key);
        }
    }
}
