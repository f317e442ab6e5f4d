package org.kymflow.zarr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a killed writer leaves (commit temporaries, unfinished images) is reported by readers and removed by writers. */
class TestInterruptedWriters {
    @TempDir
    Path tmp;

    @Test
    void commitTemporariesAndUnfinishedImagesAreReportedThenRemovedByTheNextWriter() throws Exception {
        Path root = tmp.resolve("d.zarr");
        String kept;
        try (ZarrDataset ds = ZarrDataset.open(root, OpenMode.WRITE)) {
            kept = ds.addImage(NdArray.ofUint8(new byte[12], 3, 4)).imageId();
            ds.saveTable("kym_radon", org.kymflow.table.Table.builder(org.kymflow.table.Schema.of(
                    org.kymflow.table.Field.required("image_id", org.kymflow.table.ColumnType.STRING))).addRow(kept).build());
        }
        // what kill -9 leaves: a half-written table, a half-added image (array, no group marker)
        Path temp = root.resolve("tables/.tmp-kym_radon.parquet-0b7c1f5e-9d1c-4a4e-8a35-1f0d6a9c2b11");
        Files.write(temp, new byte[2048]);
        Path unfinished = root.resolve("images/5a0e9a8e-77b4-4d0e-9a37-7c1d3b6f0e21");
        Files.createDirectories(unfinished.resolve("data"));
        Files.writeString(unfinished.resolve("data/.zarray"), "{}");
        try (ZarrDataset ds = ZarrDataset.open(root, OpenMode.READ)) {
            List<String> problems = ds.validate();
            assertEquals(2, problems.size(), problems.toString());
            assertTrue(problems.get(0).contains(temp.toString()) && problems.get(0).contains("next writer removes it"), problems.get(0));
            assertTrue(problems.get(1).contains(unfinished.toString()) && problems.get(1).contains("never finished"), problems.get(1));
            assertEquals(List.of(kept), ds.listImageIds(), "an unfinished image is no image");
            assertTrue(Files.exists(temp), "a reader removes nothing");
        }
        try (ZarrDataset ds = ZarrDataset.open(root, OpenMode.APPEND)) {
            assertFalse(Files.exists(temp));
            assertFalse(Files.exists(unfinished));
            assertEquals(List.of(), ds.validate());
            assertEquals(1, ds.loadTable("kym_radon").rowCount(), "the committed table is untouched");
        }
    }

    @Test
    void anImageAddedWithArtifactsHasThemFromTheMomentItIsListed() {
        try (ZarrDataset ds = ZarrDataset.inMemory()) {
            ZarrImageRecord r = ds.addImage(NdArray.ofUint8(new byte[12], 3, 4), null, null,
                    Map.of("provenance", Map.of("source_primary_path", "/lab/a.tif"), ZarrImageRecord.METADATA, Map.of("rois", List.of())));
            assertEquals(Map.of("source_primary_path", "/lab/a.tif"), r.loadJson("provenance"));
            assertEquals(Map.of("rois", List.of()), r.loadMetadataPayload());
            assertEquals(List.of(), ds.validate());
        }
    }
}
