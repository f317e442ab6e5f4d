package org.kymflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kymflow.builtin.synthetic.SyntheticKymograph;
import org.kymflow.zarr.NdArray;
import org.kymflow.zarr.OpenMode;
import org.kymflow.zarr.ZarrDataset;
import org.kymflow.zarr.ZarrImageRecord;

/**
 * Ingest never loses an image, never moves one that was copied, and never guesses a number: pruning,
 * moves and copies, pixel types, Olympus header values, ROIs and file names that are not UTF-8.
 */
class TestIngestIntegrity {
    private static final String ROI = "{\"roi_id\": %s, \"roi_type\": \"rect\", \"data\": {\"x0\": %s, \"x1\": %s, \"y0\": %s,"
            + " \"y1\": %s}}";
    @TempDir
    Path tmp;

    private static TestCli.Run kymflow(Object... args) {
        return TestCli.kymflow(args);
    }

    /** A 400-line x 24-pixel kymograph with an optional sidecar. */
    static Path kymograph(Path folder, String name, String sidecar) throws Exception {
        Files.createDirectories(folder);
        Path tif = folder.resolve(name + ".tif");
        short[] px = SyntheticKymograph.draw(400, 24, 2.0, 10, name.hashCode());
        org.kymflow.runtime.ingest.TiffFiles.write(NdArray.ofUint16(px, 400, 24), tif);
        if (sidecar != null) {
            Files.writeString(folder.resolve(name + ".json"), sidecar);
        }
        return tif;
    }

    private static void header(Path folder, String name, String xDimension, String tDimension, String imageSize) throws Exception {
        Files.writeString(folder.resolve(name + ".txt"), "\"X Dimension\"\t\"" + xDimension + "\"\n\"T Dimension\"\t\""
                + tDimension + "\"\n\"Image Size\"\t\"" + imageSize + "\"\n");
    }

    private static String rois(String... rois) {
        return "{\"rois\": [" + String.join(", ", rois) + "]}";
    }

    /** Every image's payload, by source file name. */
    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> payloads(Path dataset) {
        Map<String, Map<String, Object>> out = new java.util.TreeMap<>();
        try (ZarrDataset ds = ZarrDataset.open(dataset, OpenMode.READ)) {
            for (String id : ds.listImageIds()) {
                ZarrImageRecord rec = ds.record(id);
                Map<String, Object> provenance = (Map<String, Object>) rec.loadJson("provenance");
                String file = Path.of((String) provenance.get("source_primary_path")).getFileName().toString();
                out.put(file, rec.loadMetadataPayload());
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> voxels(Map<String, Object> payload) {
        return (List<Object>) ((Map<String, Object>) payload.get("header")).get("voxels");
    }

    @Test
    void anotherOrEmptyFolderNeverReportsOrPrunesFilesOutsideIt() throws Exception {
        Path csrc = tmp.resolve("csrc");
        kymograph(csrc, "a", null);
        kymograph(csrc, "b", null);
        Path dataset = tmp.resolve("lab.zarr");
        assertEquals(0, kymflow("ingest", dataset, csrc).code());
        Path empty = Files.createDirectories(tmp.resolve("emptydir"));
        TestCli.Run pruneElsewhere = kymflow("ingest", dataset, empty, "--prune");
        assertEquals(0, pruneElsewhere.code(), pruneElsewhere.err());
        assertFalse(pruneElsewhere.out().contains("pruned") || pruneElsewhere.out().contains("missing"), pruneElsewhere.out());
        Path other = tmp.resolve("other");
        kymograph(other, "c", null);
        TestCli.Run elsewhere = kymflow("ingest", dataset, other);
        assertEquals(0, elsewhere.code(), elsewhere.err());
        assertTrue(elsewhere.out().contains("1 added, 0 updated, 0 unchanged, 0 failed\n"), elsewhere.out());
        assertEquals(List.of("a.tif", "b.tif", "c.tif"), List.copyOf(payloads(dataset).keySet()));

        // a file really gone from the scanned folder is missing, and pruned only when asked
        Files.delete(csrc.resolve("a.tif"));
        TestCli.Run missing = kymflow("ingest", dataset, csrc);
        assertTrue(missing.out().contains("missing   " + csrc.resolve("a.tif").toAbsolutePath()), missing.out());
        assertTrue(missing.out().contains("1 missing"), missing.out());
        assertEquals(3, payloads(dataset).size());
        assertEquals(0, kymflow("ingest", dataset, csrc, "--prune").code());
        assertEquals(List.of("b.tif", "c.tif"), List.copyOf(payloads(dataset).keySet()));

        // a folder emptied (or not mounted) does not wipe its images
        Files.delete(csrc.resolve("b.tif"));
        TestCli.Run wipe = kymflow("ingest", dataset, csrc, "--prune");
        assertEquals(1, wipe.code(), wipe.out());
        assertTrue(wipe.err().contains("refusing to prune") && wipe.err().contains(csrc.toAbsolutePath().toString()), wipe.err());
        assertEquals(List.of("b.tif", "c.tif"), List.copyOf(payloads(dataset).keySet()));
    }

    @Test
    void aCopyIsANewImageAndTheOriginalKeepsItsMetadata() throws Exception {
        Path mvA = tmp.resolve("mvA");
        kymograph(mvA, "x", rois(String.format(ROI, 1, 0, 10, 0, 400)));
        header(mvA, "x", "24, 0.0 - 7.2 [um], 0.3 [um/pixel]", "1, 0.000 - 0.400 [s], Interval FreeRun", "24 * 400 [pixel]");
        Path dataset = tmp.resolve("lab.zarr");
        assertEquals(0, kymflow("ingest", dataset, mvA).code());
        Path mvB = Files.createDirectories(tmp.resolve("mvB"));
        Files.copy(mvA.resolve("x.tif"), mvB.resolve("backup.tif"));
        TestCli.Run copy = kymflow("ingest", dataset, mvB);
        assertEquals(0, copy.code(), copy.err());
        assertFalse(copy.out().contains("moved"), copy.out());
        assertTrue(copy.out().contains("added     " + mvB.resolve("backup.tif").toAbsolutePath()), copy.out());
        assertTrue(copy.err().contains("same pixels as " + mvA.resolve("x.tif").toAbsolutePath()), copy.err());
        Map<String, Map<String, Object>> payloads = payloads(dataset);
        assertEquals(1, ((List<?>) payloads.get("x.tif").get("rois")).size(), "the original keeps its ROIs");
        assertEquals(0.3, ((Number) voxels(payloads.get("x.tif")).get(1)).doubleValue());

        // a move is a file gone from its old path: the same image, still with the metadata it had
        Path mvC = Files.createDirectories(tmp.resolve("mvC"));
        Files.move(mvA.resolve("x.tif"), mvC.resolve("x.tif"));
        TestCli.Run move = kymflow("ingest", dataset, mvC);
        assertEquals(0, move.code(), move.err());
        assertTrue(move.out().contains("moved     " + mvA.resolve("x.tif").toAbsolutePath()), move.out());
        payloads = payloads(dataset);
        assertEquals(2, payloads.size());
        assertEquals(1, ((List<?>) payloads.get("x.tif").get("rois")).size(), "moved without its sidecar, it keeps its ROIs");
    }

    @Test
    void unsigned32BitPixelsAreRefusedAndSigned16BitOnesStaySigned() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("types"));
        Files.write(folder.resolve("u32.tif"), tiff(32, 1, new long[] {5_000_000L, 4_294_967_295L, 7L, 8L}));
        Files.write(folder.resolve("i16.tif"), tiff(16, 2, new long[] {-3, 5, -32768, 32767}));
        Files.write(folder.resolve("u16.tif"), tiff(16, 1, new long[] {3, 5, 65535, 0}));
        Path dataset = tmp.resolve("lab.zarr");
        TestCli.Run run = kymflow("ingest", dataset, folder);
        assertEquals(1, run.code(), run.out());
        assertTrue(run.out().contains("2 added") && run.out().contains("1 failed"), run.out());
        String line = run.err().lines().filter(l -> l.contains("u32.tif")).findFirst().orElse("");
        assertTrue(line.contains("unsigned 32-bit"), run.err());
        try (ZarrDataset ds = ZarrDataset.open(dataset, OpenMode.READ)) {
            List<String> values = ds.listImageIds().stream().map(id -> ds.record(id).loadArray())
                    .map(a -> a.dtype().numpyName() + " " + a.getDouble(0) + " " + a.getDouble(2)).sorted().toList();
            assertEquals(List.of("int16 -3.0 -32768.0", "uint16 3.0 65535.0"), values);
        }
    }

    @Test
    void headerValuesThatAreNotPlainPositiveNumbersGiveNoScaleAndAWarning() throws Exception {
        Path folder = tmp.resolve("headers");
        String t = "1, 0.000 - 0.400 [s], Interval FreeRun";
        String x = "24, 0.0 - 7.2 [um], 0.3 [um/pixel]";
        String size = "24 * 400 [pixel]";
        for (String name : List.of("comma", "nan", "tcomma", "good", "fewer", "more")) {
            kymograph(folder, name, null);
        }
        header(folder, "comma", "0,284 [um/pixel]", t, size);
        header(folder, "nan", "NaN [um/pixel]", t, size);
        header(folder, "tcomma", x, "2,340 [s]", size);
        header(folder, "good", x, t, size);
        header(folder, "fewer", x, t, "24 * 1000 [pixel]"); // the TIFF holds 400 of the 1000 lines: cut in time
        header(folder, "more", x, t, "24 * 200 [pixel]");   // the TIFF holds more lines than the header recorded
        Path dataset = tmp.resolve("lab.zarr");
        TestCli.Run run = kymflow("ingest", dataset, folder);
        assertEquals(0, run.code(), run.err());
        Map<String, Map<String, Object>> payloads = payloads(dataset);
        for (String bad : List.of("comma", "nan", "tcomma", "more")) {
            assertNull(voxels(payloads.get(bad + ".tif")), bad + " must have no scale");
            String warning = run.err().lines().filter(l -> l.contains(bad + ".txt")).findFirst().orElse("");
            assertTrue(warning.contains("no scale"), "one line names the header of " + bad + ": " + run.err());
        }
        assertTrue(run.err().contains("\"X Dimension\" is \"0,284 [um/pixel]\""), run.err());
        assertTrue(run.err().contains("\"T Dimension\" is \"2,340 [s]\""), run.err());
        assertTrue(run.err().contains("200 lines but the TIFF has 400"), run.err());
        assertEquals(List.of(0.001, 0.3), voxels(payloads.get("good.tif")));
        assertEquals(0.4 / 1000, ((Number) voxels(payloads.get("fewer.tif")).get(0)).doubleValue(), 1e-18);
        assertTrue(run.err().contains("1000 lines but the TIFF has 400; using the header's line period"), run.err());
    }

    @Test
    void everyRoiThatCannotBeUsedAsDrawnIsReportedAndItsFileNotIngested() throws Exception {
        Path folder = tmp.resolve("rois");
        kymograph(folder, "notalist", "{\"rois\": {\"a\": 1}}");
        kymograph(folder, "polygon", rois("{\"roi_id\": 4, \"roi_type\": \"polygon\", \"data\": {\"points\": [[0, 0], [3, 4]]}}"));
        kymograph(folder, "negative", rois(String.format(ROI, 1, -5, 10, 0, 400)));
        kymograph(folder, "wide", rois(String.format(ROI, 2, 0, 60, 0, 400)));
        kymograph(folder, "swapped", rois(String.format(ROI, 3, 20, 10, 0, 400)));
        kymograph(folder, "kind", rois("{\"roi_id\": 5, \"kind\": \"area\", \"data\": {\"x0\": 0, \"x1\": 4, \"y0\": 0, \"y1\": 9}}"));
        kymograph(folder, "older", "{\"rois\": [{\"id\": 7, \"dim0_start\": 0, \"dim0_stop\": 400, \"dim1_start\": 2,"
                + " \"dim1_stop\": 20}]}");
        kymograph(folder, "whole", null);
        Path dataset = tmp.resolve("lab.zarr");
        TestCli.Run run = kymflow("ingest", dataset, folder);
        assertEquals(1, run.code(), run.out());
        assertTrue(run.out().contains("2 added") && run.out().contains("6 failed"), run.out());
        Map<String, String> why = Map.of("notalist", "'rois' must be a list", "polygon", "ROI 4 has roi_type 'polygon'",
                "negative", "ROI 1 (x -5..10", "wide", "ROI 2 (x 0..60", "swapped", "ROI 3 (x 20..10", "kind", "kind 'area'");
        why.forEach((name, text) -> {
            String line = run.err().lines().filter(l -> l.contains(name + ".tif")).findFirst().orElse("");
            assertTrue(line.contains(name + ".json") && line.contains(text), name + ": " + run.err());
        });
        Map<String, Map<String, Object>> payloads = payloads(dataset);
        assertEquals(List.of("older.tif", "whole.tif"), List.copyOf(payloads.keySet()));
        assertEquals(1, ((List<?>) payloads.get("older.tif").get("rois")).size());
        assertTrue(run.err().contains("whole.tif: no sidecar"), run.err());
    }

    @Test
    void aFileNameThatIsNotUtf8FindsItsHeaderAndSidecarByItsOwnBytes() throws Exception {
        Path folder = tmp.resolve("latin");
        Path source = tmp.resolve("src");
        kymograph(source, "cafe", rois(String.format(ROI, 1, 0, 10, 0, 400)));
        header(source, "cafe", "24, 0.0 - 7.2 [um], 0.3 [um/pixel]", "1, 0.000 - 0.400 [s], Interval FreeRun", "24 * 400 [pixel]");
        Files.createDirectories(folder);
        // Java cannot name these bytes; python3 (which the tests need anyway) can
        String script = "import os, shutil, sys\n"
                + "src, dst = sys.argv[1], os.fsencode(sys.argv[2])\n"
                + "for ext in ('tif', 'txt', 'json'):\n"
                + "    shutil.copy(os.path.join(src, 'cafe.' + ext), dst + b'/caf\\xe9.' + ext.encode())\n";
        Process p = new ProcessBuilder("python3", "-c", script, source.toString(), folder.toString()).inheritIO().start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        Path dataset = tmp.resolve("lab.zarr");
        TestCli.Run run = kymflow("ingest", dataset, folder);
        assertEquals(0, run.code(), run.err());
        assertFalse(run.err().contains("no sidecar") || run.err().contains("no Olympus header"), run.err());
        Map<String, Object> payload = payloads(dataset).values().iterator().next();
        assertEquals(1, ((List<?>) payload.get("rois")).size());
        assertEquals(0.3, ((Number) voxels(payload).get(1)).doubleValue());
        TestCli.Run again = kymflow("ingest", dataset, folder);
        assertTrue(again.out().contains("0 added, 0 updated, 1 unchanged"), again.out());
    }

    @Test
    void unreadableFilesAreOneLineNamingTheFileAndWhatIsWrong() throws Exception {
        Path folder = tmp.resolve("bad");
        Path good = kymograph(folder, "good", null);
        byte[] whole = Files.readAllBytes(good);
        Files.write(folder.resolve("truncated.tif"), java.util.Arrays.copyOf(whole, whole.length / 3));
        Files.write(folder.resolve("empty.tif"), zeroLineTiff());
        kymograph(folder, "badjson", "{\"rois\": [1,");
        TestCli.Run run = kymflow("ingest", tmp.resolve("lab.zarr"), folder);
        assertEquals(1, run.code());
        Map<String, String> expected = Map.of("truncated.tif", "the file ends early", "empty.tif", "5 x 0 pixels",
                "badjson.tif", "badjson.json: not valid JSON at line 1, column 13");
        expected.forEach((file, text) -> {
            String line = run.err().lines().filter(l -> l.contains(file)).findFirst().orElse("");
            assertTrue(line.contains(text), file + ": " + run.err());
        });
        assertFalse(run.err().contains("REDACTED") || run.err().contains(": null") || run.err().contains("Empty region"), run.err());
        assertEquals(3 + 2, run.err().lines().count(), "one line per bad file, and good.tif's two warnings: " + run.err());
    }

    private static byte[] zeroLineTiff() {
        ByteBuffer b = ByteBuffer.allocate(8 + 2 + 8 * 12 + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);
        b.putShort((short) 8);
        entry(b, 256, 4, 5);
        entry(b, 257, 4, 0);
        entry(b, 258, 3, 16);
        entry(b, 259, 3, 1);
        entry(b, 262, 3, 1);
        entry(b, 273, 4, 8 + 2 + 8 * 12 + 4);
        entry(b, 278, 4, 0);
        entry(b, 279, 4, 0);
        b.putInt(0);
        return b.array();
    }

    /** An uncompressed 2 x 2 grey TIFF with the given bits and SampleFormat (1 unsigned, 2 signed). */
    private static byte[] tiff(int bits, int sampleFormat, long[] values) {
        int bytes = bits / 8;
        int entries = 10;
        int dataOffset = 8 + 2 + entries * 12 + 4;
        ByteBuffer b = ByteBuffer.allocate(dataOffset + 4 * bytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);
        b.putShort((short) entries);
        entry(b, 256, 4, 2);                 // ImageWidth
        entry(b, 257, 4, 2);                 // ImageLength
        entry(b, 258, 3, bits);              // BitsPerSample
        entry(b, 259, 3, 1);                 // Compression: none
        entry(b, 262, 3, 1);                 // Photometric: black is zero
        entry(b, 273, 4, dataOffset);        // StripOffsets
        entry(b, 277, 3, 1);                 // SamplesPerPixel
        entry(b, 278, 4, 2);                 // RowsPerStrip
        entry(b, 279, 4, 4 * bytes);         // StripByteCounts
        entry(b, 339, 3, sampleFormat);      // SampleFormat
        b.putInt(0);
        for (long v : values) {
            if (bytes == 2) {
                b.putShort((short) v);
            } else {
                b.putInt((int) v);
            }
        }
        return b.array();
    }

    /** One IFD entry with a single SHORT (type 3) or LONG (type 4) value. */
    static void entry(ByteBuffer b, int tag, int type, int value) {
        b.putShort((short) tag).putShort((short) type).putInt(1);
        if (type == 3) {
            b.putShort((short) value).putShort((short) 0);
        } else {
            b.putInt(value);
        }
    }
}
