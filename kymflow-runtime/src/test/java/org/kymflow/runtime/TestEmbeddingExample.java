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

    @Test
    void theReaderAndWriterExampleRuns() throws Exception {
        Path lab = tmp.resolve("lab.zarr");
        Path raw = java.nio.file.Files.createDirectories(tmp.resolve("raw"));
        org.kymflow.runtime.ingest.TiffFiles.writeUint16(SyntheticKymograph.draw(1000, 32, 2.0, 10, 1), 1000, 32, raw.resolve("vessel.tif"));
        java.nio.file.Files.writeString(raw.resolve("vessel.txt"), "\"X Dimension\"\t\"32, 0.0 - 9.6 [um], 0.3 [um/pixel]\"\n"
                + "\"T Dimension\"\t\"1, 0.000 - 1.000 [s], Interval FreeRun\"\n\"Image Size\"\t\"32 * 1000 [pixel]\"\n");

        // --- docs/embedding.md, readers and writers ---
        try (DatasetWriter ds = DatasetWriter.openOrCreate(lab)) {
            ds.ingest(raw, false);                                        // TIFFs with their headers and sidecars
            IndexerCatalog catalog = IndexerCatalog.discover(List.of(), false);
            ds.index(catalog.create("radon", ds.config().paramsFor("radon")), IndexOptions.defaults());
        }
        try (DatasetReader ds = DatasetReader.open(lab)) {
            for (ImageFacts f : ds.imageFacts(ds.imageIdsInFileOrder(), (id, why) -> System.err.println(id + ": " + why))) {
                System.out.println(f.file() + " " + f.scale().orElse(null));
            }
            Table velocity = ds.tableRows("kym_radon", ds.resolve(List.of("vessel.tif")), null, Long.MAX_VALUE);
            System.out.println(velocity.format(5));
            // --- end ---
            assertTrue(Math.abs(median(velocity, "clean_velocity_mm_s") - 0.6) < 0.012);
            assertEquals(List.of("vessel.tif"), ds.imageFacts(ds.imageIds(), (id, why) -> { }).stream().map(ImageFacts::file).toList());
        }
    }

    @Test
    void theDocumentedExamplesAreTheOnesTested() throws Exception {
        String doc = java.nio.file.Files.readString(Path.of("../docs/embedding.md"));
        String test = java.nio.file.Files.readString(Path.of("src/test/java/org/kymflow/runtime/TestEmbeddingExample.java"));
        java.util.regex.Matcher blocks = java.util.regex.Pattern.compile("```java\n(.*?)```", java.util.regex.Pattern.DOTALL).matcher(doc);
        int checked = 0;
        while (blocks.find()) {
            for (String line : blocks.group(1).split("\n")) {
                if (!line.isBlank() && !line.startsWith("import ")) {
                    assertTrue(test.contains(line.strip()), "docs/embedding.md has a line no test runs: " + line);
                }
            }
            checked++;
        }
        assertEquals(2, checked, "java blocks in docs/embedding.md");
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
