package org.kymflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kymflow.builtin.synthetic.SyntheticKymograph;
import org.kymflow.table.Table;
import org.kymflow.zarr.NdArray;
import org.kymflow.zarr.OpenMode;
import org.kymflow.zarr.ZarrDataset;

/** Incremental indexing through the command line, as a lab uses it: edit, re-ingest, see what is stale, update. */
class TestIncrementalCli {
    @TempDir
    Path tmp;

    private static TestCli.Run kymflow(Object... args) {
        return TestCli.kymflow(args);
    }

    private static String rois(int x1) {
        return "{\"rois\": [{\"roi_id\": 1, \"roi_type\": \"rect\", \"data\": {\"x0\": 1, \"x1\": " + x1 + ", \"y0\": 0, \"y1\": 600}}]}";
    }

    private Path lab() throws Exception {
        Path folder = tmp.resolve("lab");
        Files.createDirectories(folder);
        for (int i = 0; i < 3; i++) {
            Path tif = folder.resolve("v" + i + ".tif");
            org.kymflow.runtime.ingest.TiffFiles.write(NdArray.ofUint16(SyntheticKymograph.draw(600, 24, 1.5 + i, 12, i), 600, 24), tif);
            Files.writeString(folder.resolve("v" + i + ".txt"), String.join("\n",
                    "\"X Dimension\"\t\"24, 0.0 - 7.2 [um], 0.3 [um/pixel]\"",
                    "\"T Dimension\"\t\"1, 0.000 - 0.600 [s], Interval FreeRun\"",
                    "\"Image Size\"\t\"24 * 600 [pixel]\""));
            Files.writeString(folder.resolve("v" + i + ".json"), rois(23));
        }
        return folder;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> statusOf(Path ds, String name) throws Exception {
        TestCli.Run status = kymflow("status", ds, name, "--json");
        assertEquals(0, status.code(), status.err());
        Map<String, Object> json = new ObjectMapper().readValue(status.out(), Map.class);
        return ((List<Map<String, Object>>) json.get("indexers")).get(0);
    }

    @Test
    @SuppressWarnings("unchecked")
    void anEditedSidecarAndAChangedTiffMakeExactlyTwoImagesStaleAndTheUpdateEqualsAFullRecompute() throws Exception {
        Path folder = lab();
        Path ds = tmp.resolve("lab.zarr");
        assertEquals(0, kymflow("ingest", ds, folder).code());
        TestCli.Run first = kymflow("index", ds, "radon", "--json");
        assertEquals(0, first.code(), first.err());
        List<Map<String, Object>> reports = new ObjectMapper().readValue(first.out(), List.class);
        Map<String, Object> report = reports.get(0);
        for (String key : List.of("indexer", "table", "mode", "images", "computed", "skipped_fresh", "skipped_zero_rows", "failed",
                "rows", "seconds", "run_id")) {
            assertTrue(report.containsKey(key), "index --json lacks " + key + ": " + report);
        }
        assertEquals("incremental", report.get("mode"));
        assertEquals(3, report.get("computed"));

        TestCli.Run noop = kymflow("index", ds, "radon");
        assertTrue(noop.out().contains("0 computed, 3 fresh"), noop.out());
        assertEquals(Map.of("FRESH_ROWS", 3), statusOf(ds, "radon").get("reasons"));

        Files.writeString(folder.resolve("v0.json"), rois(17)); // an ROI edited in the Python app
        Path changed = folder.resolve("v2.tif");
        org.kymflow.runtime.ingest.TiffFiles.write(NdArray.ofUint16(SyntheticKymograph.draw(600, 24, 2.2, 12, 77), 600, 24), changed);
        Files.setLastModifiedTime(changed, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
        TestCli.Run reingest = kymflow("ingest", ds, folder);
        assertEquals(0, reingest.code(), reingest.err());
        assertTrue(reingest.out().contains("metadata  " + folder.resolve("v0.tif")), reingest.out());
        assertTrue(reingest.out().contains("updated   " + changed), reingest.out());

        Map<String, Object> status = statusOf(ds, "radon");
        assertEquals(2, status.get("stale"), status.toString());
        assertEquals(Map.of("FRESH_ROWS", 1, "STALE_PARAMS_CHANGED", 1, "STALE_PIXELS_CHANGED", 1), status.get("reasons"));
        TestCli.Run perImage = kymflow("status", ds, "radon", "--image", "v0");
        assertTrue(perImage.out().contains("STALE_PARAMS_CHANGED"), perImage.out());

        TestCli.Run update = kymflow("index", ds, "radon");
        assertTrue(update.out().contains("2 computed, 1 fresh"), update.out());
        Table incremental = load(ds);
        assertEquals(0, kymflow("index", ds, "radon", "--mode", "replace").code());
        assertEquals(load(ds), incremental, "the incremental result equals a full recompute, row for row");

        TestCli.Run log = kymflow("log", ds, "--json");
        List<Map<String, Object>> runs = new ObjectMapper().readValue(log.out(), List.class);
        assertEquals(4, runs.size());
        assertEquals("replace", runs.get(0).get("mode"), "newest first");
        assertEquals("radon@1.1", runs.get(0).get("analysis_version"));
    }

    private static Table load(Path ds) {
        try (ZarrDataset dataset = ZarrDataset.open(ds, OpenMode.READ)) {
            return dataset.loadTable("kym_radon");
        }
    }

    @Test
    void movedFilesKeepTheirImageAndMissingOnesArePrunedOnlyWhenAsked() throws Exception {
        Path folder = lab();
        Path ds = tmp.resolve("lab.zarr");
        assertEquals(0, kymflow("ingest", ds, folder).code());
        assertEquals(0, kymflow("index", ds, "roi_stats").code());
        Files.createDirectories(folder.resolve("renamed"));
        for (String ext : List.of(".tif", ".txt", ".json")) {
            Files.move(folder.resolve("v1" + ext), folder.resolve("renamed/vessel-one" + ext));
        }
        Files.delete(folder.resolve("v2.tif"));
        TestCli.Run moved = kymflow("ingest", ds, folder);
        assertEquals(0, moved.code(), moved.err());
        assertTrue(moved.out().contains("moved     " + folder.resolve("v1.tif") + " -> " + folder.resolve("renamed/vessel-one.tif")), moved.out());
        assertTrue(moved.out().contains("missing   " + folder.resolve("v2.tif")), moved.out());
        assertTrue(moved.out().contains("0 added") && moved.out().contains("1 missing (--prune removes them)"), moved.out());
        try (ZarrDataset dataset = ZarrDataset.open(ds, OpenMode.READ)) {
            assertEquals(3, dataset.listImageIds().size(), "nothing is removed without --prune");
        }
        assertEquals(Map.of("FRESH_ROWS", 3), statusOf(ds, "roi_stats").get("reasons"), "a moved file is the same image, still fresh");
        assertTrue(kymflow("show", ds, "kym_roi_stats", "--image", "vessel-one").out().contains("roi_id"), "found by its new name");

        TestCli.Run pruned = kymflow("ingest", ds, folder, "--prune");
        assertTrue(pruned.out().contains("pruned    " + folder.resolve("v2.tif")), pruned.out());
        try (ZarrDataset dataset = ZarrDataset.open(ds, OpenMode.READ)) {
            assertEquals(2, dataset.listImageIds().size());
            assertEquals(2, dataset.loadTable("kym_roi_stats").rowCount(), "its rows went with it");
            assertEquals(2, dataset.loadTable("sources").rowCount());
        }
        assertEquals(0, kymflow("validate", ds).code());
    }

    @Test
    void keepGoingExitsOneAndAnUnknownImageNamesTheCandidates() throws Exception {
        Path folder = lab();
        Path ds = tmp.resolve("lab.zarr");
        assertEquals(0, kymflow("ingest", ds, folder).code());
        TestCli.Run unknown = kymflow("index", ds, "radon", "--image", "nope");
        assertEquals(1, unknown.code());
        assertTrue(unknown.err().contains("no image 'nope'"), unknown.err());
        TestCli.Run one = kymflow("index", ds, "radon", "--image", "v1.tif");
        assertTrue(one.out().contains("1 images: 1 computed"), one.out());
        TestCli.Run mode = kymflow("index", ds, "radon", "--mode", "sometimes");
        assertEquals(2, mode.code(), "bad usage");
    }

    /** An OutOfMemoryError ends with one line saying what ran out and how to raise the heap. */
    @Test
    void runningOutOfMemoryIsOneLineWithTheRemedy() throws Exception {
        Path ds = tmp.resolve("big.zarr");
        try (ZarrDataset dataset = ZarrDataset.open(ds, OpenMode.WRITE)) {
            Table.RowBuilder b = Table.builder(org.kymflow.table.Schema.of(
                    org.kymflow.table.Field.required("image_id", org.kymflow.table.ColumnType.STRING),
                    org.kymflow.table.Field.required("note", org.kymflow.table.ColumnType.STRING)));
            for (int r = 0; r < 400_000; r++) {
                b.addRow("img-" + (r / 1000), "a note that is not short, number " + r);
            }
            dataset.saveTable("kym_big", b.build());
        }
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(javaBin, "-Xmx16m", "-cp", System.getProperty("java.class.path"), KymflowCli.class.getName(),
                "show", ds.toString(), "kym_big", "--csv", "--limit", "400000").redirectErrorStream(false).start();
        p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(1, p.exitValue(), err);
        assertTrue(err.strip().startsWith("kymflow: out of memory") && err.contains("KYMFLOW_JAVA_OPTS=-Xmx"), err);
        assertFalse(err.contains("\tat "), "no stack trace: " + err);
    }

    /** SIGTERM in the middle of a run: the images finished so far are committed, and the next run resumes. */
    @Test
    void aTerminatedRunKeepsWhatItFinishedAndTheNextRunResumes() throws Exception {
        Path ds = tmp.resolve("many.zarr");
        try (ZarrDataset dataset = ZarrDataset.open(ds, OpenMode.WRITE)) {
            for (int i = 0; i < 40; i++) {
                org.kymflow.zarr.ZarrImageRecord r = dataset.addImage(NdArray.ofUint16(SyntheticKymograph.draw(3000, 24, 2.0, 12, i), 3000, 24));
                r.saveMetadataPayload(Map.of("header", Map.of("voxels", List.of(0.001, 0.3))));
            }
        }
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"), KymflowCli.class.getName(),
                "index", ds.toString(), "radon", "--threads", "1").redirectErrorStream(true).start();
        StringBuilder seen = new StringBuilder();
        try (java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                seen.append(line).append('\n');
                if (line.startsWith("radon: 3/40")) {
                    // SIGTERM, as a scheduler or Ctrl-C would end it (Process.destroy would also close our pipe)
                    new ProcessBuilder("kill", "-TERM", String.valueOf(p.pid())).start().waitFor();
                }
            }
        }
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertTrue(seen.toString().contains("committing the images finished so far"), seen.toString());
        long committed;
        try (ZarrDataset dataset = ZarrDataset.open(ds, OpenMode.READ)) {
            committed = dataset.tableImageIndex("kym_radon", List.of()).size();
        }
        assertTrue(committed >= 3 && committed < 40, "committed " + committed + " images:\n" + seen);
        TestCli.Run resumed = kymflow("index", ds, "radon");
        assertTrue(resumed.out().contains((40 - committed) + " computed, " + committed + " fresh"), resumed.out());
    }
}
