package org.kymflow.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kymflow.builtin.synthetic.SyntheticKymograph;
import org.kymflow.runtime.export.Export;
import org.kymflow.runtime.ingest.Ingest;
import org.kymflow.runtime.ingest.TiffFiles;
import org.kymflow.zarr.NdArray;



/** Ingest and export are the library's: an embedder (or the Spark runner) calls them without the CLI. */
class TestIngestAndExportLibrary {
    @TempDir
    Path tmp;

    @Test
    void aFolderIsIngestedIndexedAndExportedThroughTheLibraryAlone() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("lab"));
        NdArray pixels = NdArray.ofUint16(SyntheticKymograph.draw(400, 24, 2.0, 10, 7), 400, 24);
        TiffFiles.write(pixels, folder.resolve("vessel.tif"));
        Files.writeString(folder.resolve("vessel.txt"), "\"X Dimension\"\t\"24, 0.0 - 7.2 [um], 0.3 [um/pixel]\"\n"
                + "\"T Dimension\"\t\"1, 0.000 - 0.400 [s], Interval FreeRun\"\n\"Image Size\"\t\"24 * 400 [pixel]\"\n");
        Files.writeString(folder.resolve("vessel.json"), "{\"rois\": [{\"roi_id\": 1, \"data\": {\"x0\": 0, \"x1\": 24, \"y0\": 0,"
                + " \"y1\": 400}}]}");
        Path out = tmp.resolve("out");
        try (DatasetWriter ds = DatasetWriter.replace(tmp.resolve("lab.zarr"))) {
            Ingest.Result ingested = ds.ingest(folder, false);
            assertEquals(List.of(folder.resolve("vessel.tif").toAbsolutePath()), ingested.added());
            assertEquals(List.of(), ingested.failed().keySet().stream().toList());
            String id = ds.imageIds().get(0);
            assertEquals(List.of(0.001, 0.3), ((Map<?, ?>) ds.metadata(id).get("header")).get("voxels"));
            IndexerCatalog catalog = IndexerCatalog.discover(List.of(), false);
            ds.index(catalog.create("roi_stats", Map.of()), IndexOptions.defaults());
            // an indexer that takes the host's context sees the image's file name and a live cancellation flag
            List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
            ds.index(new TestingIndexer("ctx", "ctx@1", rec -> org.kymflow.table.Table.empty(
                    org.kymflow.table.Schema.of()), rec -> "h") {
                @Override
                public org.kymflow.table.Table extractRows(org.kymflow.api.ImageRecordView rec, org.kymflow.api.IndexerContext context) {
                    seen.add(context.fileName().orElse("?") + " cancelled=" + context.isCancelled());
                    context.logger().log(System.Logger.Level.DEBUG, "computing {0}", rec.imageId());
                    return extractRows(rec);
                }
            }, IndexOptions.defaults());
            assertEquals(List.of("vessel.tif cancelled=false"), seen);
            assertEquals(List.of(), ds.validate());
            Export.Result exported = Export.export(ds, out, Set.of());
            assertEquals(1, exported.images());
            assertEquals(pixels, TiffFiles.read(out.resolve("images/" + id + "/image.tif")));
        }
        assertTrue(Files.readString(out.resolve("images.csv")).contains(",vessel.tif,"));
        assertTrue(Files.readAllLines(out.resolve("tables/kym_roi_stats.csv")).size() == 2);
    }
}
