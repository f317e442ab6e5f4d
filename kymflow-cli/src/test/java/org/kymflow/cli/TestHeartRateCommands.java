package org.kymflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kymflow.builtin.heartrate.HeartRateIndexer;
import org.kymflow.runtime.export.LabSummary;
import org.kymflow.table.Table;
import org.kymflow.table.TableCsv;

/** heart_rate on the real capillary, through the commands a lab runs: index, show, summary, and staleness after a param change. */
class TestHeartRateCommands {
    @TempDir
    Path tmp;

    @Test
    void theCapillarysHeartRateReachesTheSummaryAndGoesStaleWithItsInput() throws Exception {
        assertEquals(HeartRateIndexer.NAME, LabSummary.HEART_RATE_INDEXER);
        Path ds = tmp.resolve("cap.zarr");
        assertEquals(0, TestCli.kymflow("ingest", ds, TestCli.capillaryFolder(TestCli.sharedData(), tmp.resolve("cap"))).code());
        TestCli.Run index = TestCli.kymflow("index", ds, "heart_rate", "velocity_summary");
        assertEquals(0, index.code(), index.err());
        assertTrue(index.out().contains("heart_rate -> tables/kym_heart_rate.parquet"), index.out());

        Table rows = TableCsv.read(new StringReader(TestCli.kymflow("show", ds, "kym_heart_rate", "--csv").out()));
        assertEquals(3, rows.rowCount());
        for (int r = 0; r < 3; r++) {
            assertEquals("ok", rows.getString("status", r));
            double refined = rows.getDouble("refined_bpm", r);
            assertTrue(Math.abs(refined - rows.getDouble("lomb_bpm", r)) < 0.36, "refined beside the grid's peak: " + refined);
            assertTrue(refined > 380 && refined < 395, "the capillary's heart beats at about 387 bpm: " + refined);
        }

        Path csv = tmp.resolve("summary.csv");
        assertEquals(0, TestCli.kymflow("summary", ds, "-o", csv).code());
        Table summary = TableCsv.read(Files.newBufferedReader(csv));
        assertEquals(3, summary.rowCount());
        for (int r = 0; r < 3; r++) {
            assertEquals("ok", summary.getString("heart_rate_status", r));
            assertEquals(rows.getDouble("refined_bpm", r), summary.getDouble("heart_rate_bpm", r), 1e-9);
        }

        // what plot draws beside each panel: the refined estimate of each ROI, while it is up to date
        org.kymflow.runtime.IndexerCatalog catalog = org.kymflow.runtime.IndexerCatalog.discover(java.util.List.of(), false);
        try (org.kymflow.runtime.DatasetReader reader = org.kymflow.runtime.DatasetReader.open(ds)) {
            java.util.Map<Integer, Double> byRoi = LabSummary.heartRates(reader, catalog).get(reader.imageIds().get(0));
            assertEquals(java.util.Set.of(1, 2, 3), byRoi.keySet());
            assertEquals(rows.getDouble("refined_bpm", 0), byRoi.get(1), 1e-9);
        }
        assertEquals(0, TestCli.kymflow("plot", ds, "Capillary1_0001", "-o", tmp.resolve("p.png")).code());

        // a new radon param makes radon, and so the heart rate read from it, stale: the summary says so and gives no number
        assertEquals(0, TestCli.kymflow("params", ds, "radon.window_size=32").code());
        try (org.kymflow.runtime.DatasetReader reader = org.kymflow.runtime.DatasetReader.open(ds)) {
            assertTrue(LabSummary.heartRates(reader, catalog).isEmpty(), "a stale heart rate is not drawn");
        }
        TestCli.Run status = TestCli.kymflow("status", ds, "heart_rate");
        assertTrue(status.out().contains("heart_rate") && status.out().contains("1 stale"), status.out());
        assertEquals(0, TestCli.kymflow("summary", ds, "-o", csv, "--force").code());
        Table stale = TableCsv.read(Files.newBufferedReader(csv));
        assertTrue(stale.getString("heart_rate_status", 0).startsWith("stale"), stale.getString("heart_rate_status", 0));
        assertTrue(stale.isNull("heart_rate_bpm", 0));
    }
}
