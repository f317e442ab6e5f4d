package org.kymflow.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kymflow.api.BaseIndexer;
import org.kymflow.builtin.synthetic.SyntheticKymograph;
import org.kymflow.runtime.ingest.TiffFiles;
import org.kymflow.zarr.DatasetLockedException;

/** ROI and experiment-metadata edits through the library: checked, atomic, and making what they change stale. */
class TestDatasetEdits {
    @TempDir
    Path tmp;

    private Path lab() throws Exception {
        Path raw = Files.createDirectories(tmp.resolve("raw"));
        TiffFiles.writeUint16(SyntheticKymograph.draw(400, 24, 2.0, 10, 7), 400, 24, raw.resolve("vessel.tif"));
        Files.writeString(raw.resolve("vessel.txt"), "\"X Dimension\"\t\"24, 0.0 - 7.2 [um], 0.3 [um/pixel]\"\n"
                + "\"T Dimension\"\t\"1, 0.000 - 0.400 [s], Interval FreeRun\"\n\"Image Size\"\t\"24 * 400 [pixel]\"\n");
        Files.writeString(raw.resolve("vessel.json"), "{\"experiment_metadata\": {\"condition\": \"rest\"}, \"rois\": [{\"roi_id\": 1,"
                + " \"roi_type\": \"rect\", \"data\": {\"x0\": 0, \"x1\": 24, \"y0\": 0, \"y1\": 400}}]}");
        Path lab = tmp.resolve("lab.zarr");
        try (DatasetWriter ds = DatasetWriter.openOrCreate(lab)) {
            ds.ingest(raw, false);
        }
        return lab;
    }

    private static Map<String, Object> roi(int id, int x0, int x1, int y0, int y1, String kind) {
        return Map.of("roi_id", id, "roi_type", "rect", "kind", kind, "data", Map.of("x0", x0, "x1", x1, "y0", y0, "y1", y1));
    }

    @Test
    void aRoiEditIsStoredAsIngestStoresItAndMakesTheAnalysisStale() throws Exception {
        Path lab = lab();
        BaseIndexer radon = IndexerCatalog.discover(List.of(), false).create("radon", Map.of());
        String id;
        try (DatasetWriter ds = DatasetWriter.open(lab)) {
            id = ds.imageIds().get(0);
            ds.index(radon, IndexOptions.defaults());
            assertTrue(ds.staleness().staleness(radon).get(0).isFresh());
            ds.setRois(id, List.of(roi(1, 2, 12, 0, 200, "velocity"), roi(2, 12, 24, 100, 400, "diameter")));
            assertEquals(StalenessReason.STALE_PARAMS_CHANGED, ds.staleness().staleness(radon).get(0).reason());
        }
        try (DatasetReader ds = DatasetReader.open(lab)) {
            Map<String, Object> payload = ds.metadata(id);
            assertEquals(List.of(roi(1, 2, 12, 0, 200, "velocity"), roi(2, 12, 24, 100, 400, "diameter")), payload.get("rois"));
            assertEquals(Map.of("condition", "rest"), payload.get("experiment_metadata")); // the rest of the payload kept
            assertTrue(((Map<?, ?>) payload.get("header")).containsKey("voxels"));
            assertEquals(2, ds.imageFacts(id).roiCount());
        }
        // the file as Python reads it: plain JSON where ingest puts a sidecar's ROIs
        Process python = new ProcessBuilder("python3", "-c", "import json,sys; d=json.load(open(sys.argv[1]));"
                + " print([(r['roi_id'], r.get('kind'), r['data']['x1']) for r in d['rois']])",
                lab.resolve("images/" + id + "/analysis/metadata.json").toString()).redirectErrorStream(true).start();
        String read = new String(python.getInputStream().readAllBytes()).strip();
        assertEquals(0, python.waitFor(), read);
        assertEquals("[(1, 'velocity', 12), (2, 'diameter', 24)]", read);
        try (DatasetReader ds = DatasetReader.open(lab)) { // each edit is in the edit log: what, which image, when, the value
            List<Map<String, Object>> edits = ds.editLog();
            assertEquals(1, edits.size());
            assertEquals("rois", edits.get(0).get("what"));
            assertEquals(id, edits.get(0).get("image_id"));
            assertTrue(((String) edits.get(0).get("value_json")).contains("\"kind\":\"diameter\""), edits.toString());
        }
        try (DatasetWriter ds = DatasetWriter.open(lab)) {
            ds.saveConfig(ds.config().with(IndexerCatalog.discover(List.of(), false), "radon", Map.of("outlier_std", 2.0))); // the default: no change
            assertEquals(1, ds.editLog().size(), "an unchanged configuration logs nothing");
            ds.saveConfig(ds.config().with(IndexerCatalog.discover(List.of(), false), "radon", Map.of("window_size", 32)));
            assertEquals("params:radon", ds.editLog().get(0).get("what"));
            assertEquals("{\"window_size\":32}", ds.editLog().get(0).get("value_json"));
            ds.saveConfig(ds.config().reset("radon", null));
            IndexReport rerun = ds.index(radon, IndexOptions.defaults());
            assertEquals(1, rerun.computed()); // the edited image, again
            assertEquals(3, ds.editLog().size(), "the ROIs, the param, its reset");
            assertTrue(ds.staleness().staleness(radon).get(0).isFresh());
        }
    }

    @Test
    void aBadRoiIsRefusedNamingItAndNothingIsWritten() throws Exception {
        Path lab = lab();
        try (DatasetWriter ds = DatasetWriter.open(lab)) {
            String id = ds.imageIds().get(0);
            Object before = ds.metadata(id).get("rois");
            IllegalArgumentException outside = assertThrows(IllegalArgumentException.class,
                    () -> ds.setRois(id, List.of(roi(1, 0, 30, 0, 400, "velocity"))));
            assertTrue(outside.getMessage().contains("vessel.tif") && outside.getMessage().contains("ROI 1")
                    && outside.getMessage().contains("400 x 24"), outside.getMessage());
            IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                    () -> ds.setRois(id, List.of(roi(3, 0, 5, 0, 9, "velocity"), roi(3, 5, 9, 0, 9, "velocity"))));
            assertTrue(twice.getMessage().contains("ROI id 3 is used twice"), twice.getMessage());
            IllegalArgumentException kind = assertThrows(IllegalArgumentException.class,
                    () -> ds.setRois(id, List.of(roi(1, 0, 5, 0, 9, "flow"))));
            assertTrue(kind.getMessage().contains("kind 'flow'"), kind.getMessage());
            assertEquals(before, ds.metadata(id).get("rois"));
        }
    }

    @Test
    void experimentFieldsAreReplacedAndNothingBecomesStale() throws Exception {
        Path lab = lab();
        BaseIndexer radon = IndexerCatalog.discover(List.of(), false).create("radon", Map.of());
        try (DatasetWriter ds = DatasetWriter.open(lab)) {
            String id = ds.imageIds().get(0);
            ds.index(radon, IndexOptions.defaults());
            ds.setExperimentMetadata(id, Map.of("condition", "isoflurane", "animal", 7, "awake", false));
            assertEquals(Map.of("condition", "isoflurane", "animal", 7, "awake", false), ds.imageFacts(id).experiment());
            assertTrue(ds.staleness().staleness(radon).get(0).isFresh());
            IllegalArgumentException nested = assertThrows(IllegalArgumentException.class,
                    () -> ds.setExperimentMetadata(id, Map.of("notes", List.of("a"))));
            assertTrue(nested.getMessage().contains("'notes'"), nested.getMessage());
            assertThrows(IllegalArgumentException.class, () -> ds.setExperimentMetadata(id, Map.of("snr", Double.NaN)));
        }
    }

    @Test
    void editsWaitForNoOneButAreRefusedWhileAnotherWriterHoldsTheDataset() throws Exception {
        Path lab = lab();
        try (DatasetWriter first = DatasetWriter.open(lab)) {
            DatasetLockedException locked = assertThrows(DatasetLockedException.class, () -> DatasetWriter.open(lab));
            assertTrue(locked.getMessage().contains("lab.zarr"), locked.getMessage());
            try (DatasetReader reader = DatasetReader.open(lab)) { // readers are never blocked
                assertEquals(first.imageIds(), reader.imageIds());
            }
        }
    }

    @Test
    void anEditSurvivesAChangedSidecarUnlessTheSidecarIsToldToWin() throws Exception {
        Path lab = lab();
        Path raw = tmp.resolve("raw");
        String id;
        try (DatasetWriter ds = DatasetWriter.open(lab)) {
            id = ds.imageIds().get(0);
            ds.setRois(id, List.of(roi(1, 2, 12, 0, 200, "velocity")));
            // an unchanged sidecar: nothing to do, the edit stays
            assertTrue(ds.ingest(raw, false).unchanged().size() == 1);
            assertEquals(12, ((Map<?, ?>) ((Map<?, ?>) ((List<?>) ds.metadata(id).get("rois")).get(0)).get("data")).get("x1"));
        }
        // the lab edits the sidecar too: ingest keeps the edit and says so
        Files.writeString(raw.resolve("vessel.json"), "{\"experiment_metadata\": {\"condition\": \"drug\"}, \"rois\": [{\"roi_id\": 1,"
                + " \"roi_type\": \"rect\", \"data\": {\"x0\": 0, \"x1\": 20, \"y0\": 0, \"y1\": 400}}]}");
        try (DatasetWriter ds = DatasetWriter.open(lab)) {
            org.kymflow.runtime.ingest.Ingest.Result kept = ds.ingest(raw, false);
            assertEquals(1, kept.conflicts().size(), kept.toString());
            assertTrue(kept.conflicts().values().iterator().next().contains("rois were edited in KymFlow; the edits are kept"));
            Map<String, Object> payload = ds.metadata(id);
            assertEquals(12, ((Map<?, ?>) ((Map<?, ?>) ((List<?>) payload.get("rois")).get(0)).get("data")).get("x1"), "the edit");
            assertEquals(Map.of("condition", "drug"), payload.get("experiment_metadata"), "what was not edited follows the sidecar");
        }
        // touched again and told to take the sidecar's: its ROI replaces the edit, and the mark goes
        Files.writeString(raw.resolve("vessel.json"), Files.readString(raw.resolve("vessel.json")).replace("\"drug\"", "\"drug2\""));
        try (DatasetWriter ds = DatasetWriter.open(lab)) {
            org.kymflow.runtime.ingest.Ingest.Result replaced = ds.ingest(raw, false, true);
            assertTrue(replaced.conflicts().values().iterator().next().contains("replaced"), replaced.toString());
            assertEquals(20, ((Map<?, ?>) ((Map<?, ?>) ((List<?>) ds.metadata(id).get("rois")).get(0)).get("data")).get("x1"));
        }
        Files.writeString(raw.resolve("vessel.json"), Files.readString(raw.resolve("vessel.json")).replace("\"drug2\"", "\"drug3\""));
        try (DatasetWriter ds = DatasetWriter.open(lab)) {
            assertEquals(Map.of(), ds.ingest(raw, false).conflicts(), "no edit left to keep");
        }
    }
}
