package org.kymflow.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kymflow.api.Roi;
import org.kymflow.builtin.synthetic.SyntheticKymograph;
import org.kymflow.table.Table;
import org.kymflow.zarr.NdArray;
import org.kymflow.zarr.OpenMode;
import org.kymflow.zarr.ZarrDataset;
import org.kymflow.zarr.ZarrImageRecord;

/** The embedding example of docs/embedding.md, compiled and run as written there. */
class TestEmbeddingExample {
    @TempDir
    Path tmp;

    @Test
    void theReadmeExampleRuns() {
        Path lab = tmp.resolve("lab.zarr");
        short[] pixels = SyntheticKymograph.draw(1000, 32, 2.0, 10, 1); // 2 pixels/line = 0.6 mm/s here

        // --- docs/embedding.md ---
        try (ZarrDataset ds = ZarrDataset.open(lab, OpenMode.APPEND)) {
            ZarrImageRecord image = ds.addImage(NdArray.ofUint16(pixels, 1000, 32));
            image.saveMetadataPayload(Map.of(
                    "header", Map.of("voxels", List.of(0.001, 0.3)),      // [delt s/line, delx um/pixel]
                    "rois", List.of(Rois.toEnvelope(new Roi(1, 1, 0, 0, 32, 0, 1000)))));
            IndexerCatalog catalog = IndexerCatalog.discover(Path.of("plugins"));
            IndexReport report = new KymDataset(ds).updateIndex(catalog.create("radon", Map.of("window_size", 16)));
            Table rows = ds.loadTable("kym_radon");
            System.out.println(report.summary());
            System.out.println(rows.format(5));
            // --- end ---
            assertEquals(report.rowsWritten(), rows.rowCount());
            assertTrue(Math.abs(median(rows, "clean_velocity_mm_s") - 0.6) < 0.012);
        }
    }

    /** Median of the non-NaN values of a column. */
    private static double median(Table t, String column) {
        double[] values = new double[t.rowCount()];
        int n = 0;
        for (int r = 0; r < t.rowCount(); r++) {
            double v = t.getDouble(column, r);
            if (!Double.isNaN(v)) {
                values[n++] = v;
            }
        }
        java.util.Arrays.sort(values, 0, n);
        return values[n / 2];
    }
}
