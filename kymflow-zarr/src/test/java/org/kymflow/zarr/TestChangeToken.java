package org.kymflow.zarr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kymflow.table.Table;

/** The change token: the same while nothing is written, different after any write, whoever makes it. */
class TestChangeToken {
    @TempDir
    Path tmp;

    private String token() {
        try (ZarrDataset ds = ZarrDataset.open(tmp.resolve("lab.zarr"), OpenMode.READ)) {
            return ds.changeToken();
        }
    }

    @Test
    void everyKindOfWriteChangesItAndReadsDoNot() throws Exception {
        String id;
        try (ZarrDataset ds = ZarrDataset.open(tmp.resolve("lab.zarr"), OpenMode.WRITE)) {
            id = ds.addImage(NdArray.ofUint16(new short[64], 8, 8)).imageId();
            ds.saveTable("results", Table.columnBuilder().addStrings("image_id", id).addInts("n", 1).build());
        }
        String before = token();
        for (int i = 0; i < 5; i++) {
            assertEquals(before, token(), "the same files give the same token, whatever order they are walked in");
        }
        try (ZarrDataset ds = ZarrDataset.open(tmp.resolve("lab.zarr"), OpenMode.READ)) {
            ds.loadTable("results");
            ds.record(id).loadArray();
            ds.record(id).pixelsFingerprint(); // read-only: computes, keeps nothing
        }
        assertEquals(before, token(), "reading changes nothing");
        try (ZarrDataset ds = ZarrDataset.open(tmp.resolve("lab.zarr"), OpenMode.APPEND)) {
            assertEquals(before, ds.changeToken(), "holding the writer lock changes nothing");
        }
        String last = before;
        for (String write : new String[] {"table", "metadata", "pixels", "json", "image"}) {
            try (ZarrDataset ds = ZarrDataset.open(tmp.resolve("lab.zarr"), OpenMode.APPEND)) {
                switch (write) {
                    case "table" -> ds.saveTable("results", Table.columnBuilder().addStrings("image_id", id).addInts("n", 2).build());
                    case "metadata" -> ds.record(id).saveMetadataPayload(Map.of("rois", java.util.List.of()));
                    case "pixels" -> {
                        short[] px = new short[64];
                        px[5] = 7; // one pixel: the same sizes everywhere
                        ds.record(id).saveArray(NdArray.ofUint16(px, 8, 8));
                    }
                    case "json" -> ds.record(id).saveJson("radon_run", Map.of("status", "ok"));
                    default -> ds.addImage(NdArray.ofUint16(new short[4], 2, 2));
                }
            }
            String now = token();
            assertNotEquals(last, now, "after a " + write + " write");
            last = now;
        }
    }
}
