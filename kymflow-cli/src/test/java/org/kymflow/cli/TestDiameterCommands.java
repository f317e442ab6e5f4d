package org.kymflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kymflow.table.Table;
import org.kymflow.table.TableCsv;

/**
 * diameter through the commands a lab runs, on the shared cross-section scan (ingested with its header and
 * sidecar, whose ROI is a diameter ROI): index, show, summary, a param change, and radon skipping the ROI.
 */
class TestDiameterCommands {
    @TempDir
    Path tmp;

    private Path crossSection() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("cross"));
        for (String ext : new String[] {".tif", ".txt", ".json"}) {
            Files.copy(TestCli.sharedData().resolve("diameter").resolve("cross_noise" + ext), folder.resolve("cross_noise" + ext));
        }
        return folder;
    }

    @Test
    void aCrossSectionScanGetsItsDiameterAndPythonsMethodsGivePythonsEdges() throws Exception {
        Path ds = tmp.resolve("cross.zarr");
        assertEquals(0, TestCli.kymflow("ingest", ds, crossSection()).code());
        TestCli.Run index = TestCli.kymflow("index", ds, "radon", "diameter", "diameter_summary");
        assertEquals(0, index.code(), index.err());
        Table truth = TableCsv.read(Files.newBufferedReader(TestCli.sharedData().resolve("diameter/cross_noise_truth.csv")));
        Table lines = TableCsv.read(new StringReader(TestCli.kymflow("show", ds, "kym_diameter", "--csv").out()));
        assertEquals(2000, lines.rowCount());
        double error = 0;
        for (int k = 0; k < 2000; k++) {
            assertEquals(k, lines.getLong("center_row", k));
            assertEquals(k * 0.01, lines.getDouble("time_s", k), 1e-12);
            assertEquals(lines.getDouble("diameter_px", k) * 0.5, lines.getDouble("diameter_um", k), 1e-12);
            error += Math.abs(lines.getDouble("diameter_px", k) - truth.getDouble("truth_diameter_px", k));
        }
        assertTrue(error / 2000 < 0.1, "sub-pixel by default: " + error / 2000);
        assertEquals(0, TestCli.kymflow("show", ds, "kym_radon", "--csv").out().strip().lines().count() - 1,
                "radon skips the diameter ROI");

        Path summary = tmp.resolve("summary.csv");
        assertEquals(0, TestCli.kymflow("summary", ds, "-o", summary).code());
        Table s = TableCsv.read(Files.newBufferedReader(summary));
        assertEquals(1, s.rowCount(), "one row: the diameter ROI (the scan has no velocity ROI)");
        assertEquals("diameter", s.getString("kind", 0));
        assertEquals("ok", s.getString("diameter_status", 0));
        double[] um = new double[2000];
        for (int k = 0; k < 2000; k++) {
            um[k] = truth.getDouble("truth_diameter_px", k) * 0.5;
        }
        java.util.Arrays.sort(um);
        assertEquals((um[999] + um[1000]) / 2, s.getDouble("diameter_median_um", 0), 0.05);

        // Python's method through the whole pipeline: the params make the table stale, and the rows are Python's
        assertEquals(0, TestCli.kymflow("params", ds, "diameter.method=gradient_edges").code());
        assertTrue(TestCli.kymflow("status", ds).out().lines().anyMatch(l -> l.startsWith("diameter ") && l.contains("1 stale")));
        assertEquals(0, TestCli.kymflow("index", ds, "--all").code());
        lines = TableCsv.read(new StringReader(TestCli.kymflow("show", ds, "kym_diameter", "--csv").out()));
        for (int k = 0; k < 2000; k++) {
            assertEquals(truth.getDouble("gradient_edges_left_edge_px", k), lines.getDouble("left_edge_px", k), "line " + k);
            assertEquals(truth.getDouble("gradient_edges_right_edge_px", k), lines.getDouble("right_edge_px", k), "line " + k);
        }
        s = TableCsv.read(new StringReader(TestCli.kymflow("summary", ds).out()));
        assertEquals("gradient_edges", s.getString("diameter_method", 0), "the summary follows the new rows");
    }

    @Test
    void aDatasetWithoutDiameterRoisHasAnEmptyTableAndIsFresh() throws Exception {
        Path ds = tmp.resolve("cap.zarr");
        assertEquals(0, TestCli.kymflow("ingest", ds, TestCli.capillaryFolder(TestCli.sharedData(), tmp.resolve("cap"))).code());
        assertEquals(0, TestCli.kymflow("index", ds, "diameter").code());
        assertEquals(1, TestCli.kymflow("show", ds, "kym_diameter", "--csv").out().strip().lines().count(), "a header, no rows");
        assertTrue(TestCli.kymflow("status", ds).out().lines().anyMatch(l -> l.startsWith("diameter ") && l.contains("1 fresh")),
                TestCli.kymflow("status", ds).out());
        assertTrue(TestCli.kymflow("indexers").out().contains("diameter_summary"));
    }
}
