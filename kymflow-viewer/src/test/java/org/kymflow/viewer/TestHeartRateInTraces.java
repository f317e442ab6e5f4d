package org.kymflow.viewer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kymflow.api.BaseIndexer;
import org.kymflow.runtime.AnalysisConfig;
import org.kymflow.runtime.IndexOptions;
import org.kymflow.runtime.IndexPlan;
import org.kymflow.runtime.IndexerCatalog;
import org.kymflow.runtime.KymDataset;
import org.kymflow.table.Table;
import org.kymflow.zarr.OpenMode;
import org.kymflow.zarr.ZarrDataset;
import org.kymflow.zarr.ZarrDatasetReader;

/** The image page's traces carry each ROI's heart rate while heart_rate is up to date for the image, and none after. */
class TestHeartRateInTraces {
    @TempDir
    Path tmp;

    @Test
    @SuppressWarnings("unchecked")
    void theHeartRateShowsBesideItsTraceOnlyWhileFresh() {
        ViewerFixture lab = ViewerFixture.build(tmp, 2);
        String id = lab.ids.get(0);
        IndexerCatalog catalog = IndexerCatalog.discover(List.of(), false);
        List<String> analyses = List.of("radon", "velocity_events", "velocity_summary", "heart_rate");
        try (ZarrDataset ds = ZarrDataset.open(lab.path, OpenMode.APPEND)) {
            for (BaseIndexer indexer : IndexPlan.resolve(catalog, List.of("heart_rate"), Map.of()).order()) {
                new KymDataset(ds).updateIndex(indexer, IndexOptions.builder().images(Set.of(id)).build());
            }
        }
        DatasetPages pages = new DatasetPages(config -> IndexPlan.resolve(catalog, analyses, config.overlaid(Map.of())).order());
        try (ZarrDatasetReader ds = ZarrDatasetReader.open(lab.path)) {
            Table heart = ds.loadTableRows("kym_heart_rate", Set.of(id), null, Long.MAX_VALUE);
            List<Map<String, Object>> traces = (List<Map<String, Object>>) pages.traces(ds, id).get("traces");
            assertEquals(2, traces.size());
            assertEquals(2, traces.stream().filter(t -> t.get("heart_rate_bpm") != null).count(), "statuses " + heart.column("status"));
            for (Map<String, Object> trace : traces) {
                int row = (int) trace.get("roi_id") - 1; // one row per ROI, in ROI order
                Object expected = "ok".equals(heart.getString("status", row)) ? heart.get("refined_bpm", row) : null;
                assertEquals(expected, trace.get("heart_rate_bpm"), "ROI " + trace.get("roi_id") + ": " + heart.row(row));
            }
        }
        try (ZarrDataset ds = ZarrDataset.open(lab.path, OpenMode.APPEND)) {
            AnalysisConfig.load(ds).with(catalog, "radon", Map.of("window_size", 32)).save(ds); // radon, and so heart_rate, stale
        }
        try (ZarrDatasetReader ds = ZarrDatasetReader.open(lab.path)) {
            for (Map<String, Object> trace : (List<Map<String, Object>>) pages.traces(ds, id).get("traces")) {
                assertNull(trace.get("heart_rate_bpm"), "no number from stale results");
            }
        }
    }
}
