package org.kymflow.zarr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Proof against the independent reader: Python writes, Java reads; Java writes, Python reads. */
class TestPythonInterop {
    @TempDir
    Path tmp;

    /** The same formula as the Python scripts: pixel i of the k-th image. */
    static NdArray formulaArray(DType dtype, int[] shape, int seed) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            long base = ((long) i * 7 + seed * 13L) % 251;
            v[i] = switch (dtype) {
                case FLOAT32, FLOAT64 -> base / 8.0 - 3.0;
                case INT16 -> base - 125;
                case INT32 -> base * 100000 - 12345678;
                default -> base;
            };
        }
        return switch (dtype) {
            case UINT8 -> {
                byte[] d = new byte[n];
                for (int i = 0; i < n; i++) {
                    d[i] = (byte) v[i];
                }
                yield NdArray.ofUint8(d, shape);
            }
            case UINT16, INT16 -> {
                short[] d = new short[n];
                for (int i = 0; i < n; i++) {
                    d[i] = (short) v[i];
                }
                yield dtype == DType.UINT16 ? NdArray.ofUint16(d, shape) : NdArray.ofInt16(d, shape);
            }
            case INT32 -> {
                int[] d = new int[n];
                for (int i = 0; i < n; i++) {
                    d[i] = (int) v[i];
                }
                yield NdArray.ofInt32(d, shape);
            }
            case FLOAT32 -> {
                float[] d = new float[n];
                for (int i = 0; i < n; i++) {
                    d[i] = (float) v[i];
                }
                yield NdArray.ofFloat32(d, shape);
            }
            case FLOAT64 -> NdArray.ofFloat64(v, shape);
        };
    }

    @Test
    @SuppressWarnings("unchecked")
    void javaReadsEveryValueOfAPythonWrittenDataset() throws Exception {
        PythonZarr.requireAvailable();
        Path ds = tmp.resolve("py.zarr");
        String out = PythonZarr.run("write_kymflow_dataset.py", ds.toString());
        Map<String, Object> printed = Json.parseObject(out.trim().getBytes(StandardCharsets.UTF_8), "python output");
        List<String> ids = (List<String>) printed.get("image_ids");
        Object[][] specs = {
                {DType.UINT16, new int[] {300, 38}, List.of("y", "x")},
                {DType.UINT8, new int[] {4, 64, 50}, List.of("z", "y", "x")},
                {DType.FLOAT32, new int[] {2, 20, 30, 3}, List.of("z", "y", "x", "c")},
                {DType.INT16, new int[] {40, 600}, List.of("y", "x")},
                {DType.FLOAT64, new int[] {2, 3, 10, 12, 2}, List.of("t", "z", "y", "x", "c")},
                {DType.INT32, new int[] {70, 9}, List.of("y", "x")}};
        try (ZarrDataset dataset = ZarrDataset.open(ds, OpenMode.READ)) {
            assertEquals(ids.stream().sorted().toList(), dataset.listImageIds());
            assertEquals(List.of(), dataset.validate());
            for (int k = 0; k < specs.length; k++) {
                ZarrImageRecord r = dataset.record(ids.get(k));
                DType dtype = (DType) specs[k][0];
                int[] shape = (int[]) specs[k][1];
                assertEquals(formulaArray(dtype, shape, k), r.loadArray(), "image " + k);
                assertEquals(specs[k][2], r.axes());
                assertEquals("blosc", r.arrayInfo().compressorId());
                Map<String, Object> meta = r.loadMetadataPayload();
                assertEquals("ünïcode ✓", ((Map<String, Object>) meta.get("experiment_metadata")).get("note"));
                assertEquals(Map.of("legacy", true, "k", k), r.loadJson("legacy"), "legacy .json.gz fallback");
                assertTrue(r.listAnalysisKeys().containsAll(List.of("legacy.json.gz", "metadata.json")));
            }
            // region read across chunk boundaries of the 40x600 int16 image (chunks 40x512)
            NdArray region = dataset.record(ids.get(3)).readRegion(new long[] {5, 500}, new int[] {10, 50});
            NdArray whole = formulaArray(DType.INT16, new int[] {40, 600}, 3);
            for (int y = 0; y < 10; y++) {
                for (int x = 0; x < 50; x++) {
                    assertEquals(whole.getDouble(5 + y, 500 + x), region.getDouble(y, x));
                }
            }
            Manifest m = dataset.rebuildManifest();
            assertEquals(1667400000000000000L, m.images().stream().filter(i -> i.imageId().equals(ids.get(0)))
                    .findFirst().orElseThrow().acquiredLocalEpochNs());
            List<String> byAcquired = dataset.iterRecords(OrderBy.ACQUIRED).stream().map(ZarrImageRecord::imageId).toList();
            assertEquals(ids, byAcquired, "acquisition order is the writing order");
        }
    }

    @Test
    void pythonReadsEveryValueOfAJavaWrittenDataset() throws Exception {
        PythonZarr.requireAvailable();
        Path ds = tmp.resolve("java.zarr");
        List<Object> expected = new ArrayList<>();
        Object[][] specs = {
                {DType.UINT16, new int[] {1100, 38}},
                {DType.UINT8, new int[] {3, 70, 600}},
                {DType.INT16, new int[] {2, 5, 7, 2}},
                {DType.INT32, new int[] {1, 2, 9, 9, 3}},
                {DType.FLOAT32, new int[] {13, 13}},
                {DType.FLOAT64, new int[] {600, 2}}};
        try (ZarrDataset dataset = ZarrDataset.open(ds, OpenMode.WRITE)) {
            for (int k = 0; k < specs.length; k++) {
                DType dtype = (DType) specs[k][0];
                int[] shape = (int[]) specs[k][1];
                ZarrImageRecord r = dataset.addImage(formulaArray(dtype, shape, k));
                Map<String, Object> meta = new LinkedHashMap<>();
                meta.put("header", Map.of("voxels", List.of(0.001, 0.284), "acquired_local_epoch_ns", 1667400000000000000L + k));
                meta.put("experiment_metadata", Map.of("note", "ünïcode ✓ \"quoted\"\n"));
                meta.put("rois", List.of());
                r.saveMetadataPayload(meta);
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("image_id", r.imageId());
                e.put("dtype", dtype.numpyName());
                e.put("shape", shape);
                e.put("axes", r.axes());
                e.put("chunks", r.arrayInfo().chunks());
                e.put("seed", k);
                e.put("metadata", meta);
                expected.add(e);
            }
            dataset.updateManifest();
        }
        Path expectedFile = tmp.resolve("expected.json");
        Files.write(expectedFile, Json.write(Map.of("images", expected), 2, false));
        String out = PythonZarr.run("check_java_dataset.py", ds.toString(), expectedFile.toString());
        assertTrue(out.contains("OK 6 images"), out);
    }
}
