package org.kymflow.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kymflow.api.ImageRecordView;
import org.kymflow.api.Pixels;
import org.kymflow.api.Roi;
import org.kymflow.table.ColumnType;
import org.kymflow.table.Field;
import org.kymflow.table.Schema;
import org.kymflow.table.Table;
import org.kymflow.zarr.NdArray;
import org.kymflow.zarr.OpenMode;
import org.kymflow.zarr.ZarrDataset;
import org.kymflow.zarr.ZarrImageRecord;

class TestKymDataset {
    @TempDir
    Path tmp;
    Path root;
    List<String> ids;

    private static final Schema ROWS = Schema.of(Field.of("roi_id", ColumnType.INT), Field.of("mean", ColumnType.DOUBLE));

    @BeforeEach
    void makeDataset() {
        root = tmp.resolve("d.zarr");
        List<String> made = new ArrayList<>();
        try (ZarrDataset ds = ZarrDataset.open(root, OpenMode.WRITE)) {
            for (int k = 0; k < 3; k++) {
                short[] px = new short[40 * 10];
                for (int i = 0; i < px.length; i++) {
                    px[i] = (short) (k * 100 + i % 10);
                }
                ZarrImageRecord r = ds.addImage(NdArray.ofUint16(px, 40, 10));
                r.saveMetadataPayload(Map.of("header", Map.of("delt", 0.001, "delx", 0.3),
                        "rois", List.of(Rois.toEnvelope(new Roi(1, 1, 0, 0, 5, 0, 40)), Rois.toEnvelope(new Roi(2, 1, 0, 5, 99, 10, 20)))));
                made.add(r.imageId());
            }
        }
        ids = made.stream().sorted().toList();
    }

    /** Rows: per ROI the mean pixel; hash: the ROI list. */
    static TestingIndexer meanIndexer(String name) {
        return new TestingIndexer(name, name + "@1", rec -> {
            Table.RowBuilder b = Table.builder(ROWS);
            Pixels px = rec.pixels();
            for (Roi roi : rec.rois()) {
                double sum = 0;
                for (int y = roi.y0(); y < roi.y1(); y++) {
                    for (int x = roi.x0(); x < roi.x1(); x++) {
                        sum += px.getDouble(y, x);
                    }
                }
                b.addRow(roi.roiId(), sum / (roi.width() * roi.height()));
            }
            return b.build();
        }, rec -> "h-" + rec.rois().hashCode());
    }

    private ZarrDataset append() {
        return ZarrDataset.open(root, OpenMode.APPEND);
    }

    private byte[] tableBytes(String name) throws Exception {
        return Files.readAllBytes(root.resolve("tables/" + name + ".parquet"));
    }

    @Test
    void indexerRowInsertion() {
        try (ZarrDataset ds = append()) {
            IndexReport report = new KymDataset(ds).updateIndex(meanIndexer("mean"));
            Table t = ds.loadTable("kym_mean");
            assertEquals(List.of("image_id", "analysis_version", "params_hash", "roi_id", "mean"), t.schema().names());
            assertEquals(6, t.rowCount());
            assertEquals(3, report.images());
            assertEquals(6, report.rowsWritten());
            for (int k = 0; k < 3; k++) {
                assertEquals(ids.get(k), t.getString("image_id", 2 * k), "rows in image-id order");
                assertEquals("mean@1", t.getString("analysis_version", 2 * k));
            }
            // ROI 2 is clamped from x1=99 to the image's 10 columns
            assertEquals(1, t.getInt("roi_id", 0));
            assertEquals(2.0, t.getDouble("mean", 0) % 100, 1e-9);
            assertEquals(7.0, t.getDouble("mean", 1) % 100, 1e-9);
        }
    }

    @Test
    void tableNameEnforcement() throws Exception {
        try (ZarrDataset ds = append()) {
            ds.saveTable("sources", Table.columnBuilder().addStrings("image_id", "x").build());
            byte[] sources = tableBytes("sources");
            KymDataset kym = new KymDataset(ds);
            for (String bad : List.of("kym_x", "tables2", "index", "images_a", "sys_log")) {
                TestingIndexer indexer = meanIndexer(bad);
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> kym.updateIndex(indexer));
                assertTrue(e.getMessage().contains("reserved prefix"), e.getMessage());
                assertEquals(0, indexer.calls.get(), "nothing is read before the name is checked");
            }
            for (String bad : List.of("Bad-Name", "9lives", "", "has space")) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> kym.updateIndex(meanIndexer(bad)));
                assertTrue(e.getMessage().contains("[a-z][a-z0-9_]*"), e.getMessage());
            }
            assertEquals(List.of("sources"), ds.listTableNames());
            kym.updateIndex(meanIndexer("ok"));
            assertEquals(List.of("kym_ok", "sources", "sys_runs"), ds.listTableNames(), "the indexer's table and the run log only");
            assertArrayEquals(sources, tableBytes("sources"), "non-kym tables are never touched");
        }
    }

    @Test
    void paramsHashWritten() throws Exception {
        try (ZarrDataset ds = append()) {
            KymDataset kym = new KymDataset(ds);
            TestingIndexer indexer = new TestingIndexer("hashed", "hashed@2",
                    rec -> Table.columnBuilder().addInts("one", 1).build(), rec -> "hash-of-" + rec.imageId());
            IndexReport first = kym.updateIndex(indexer);
            assertEquals(3, first.computed());
            Table t = ds.loadTable("kym_hashed");
            for (int r = 0; r < t.rowCount(); r++) {
                assertEquals("hash-of-" + t.getString("image_id", r), t.getString("params_hash", r));
            }
            assertTrue(kym.staleness(indexer).stream().allMatch(s -> s.reason() == StalenessReason.FRESH_ROWS));
            IndexReport second = kym.updateIndex(indexer);
            assertEquals(3, second.computed(), "replace mode recomputes up-to-date images too");
            assertEquals(6, indexer.calls.get(), "recomputed anyway");
            ds.record(ids.get(0)).saveMetadataPayload(Map.of("rois", List.of()));
            assertTrue(kym.staleness(meanIndexer("hashed")).stream().allMatch(s -> s.reason() == StalenessReason.STALE_VERSION_CHANGED),
                    "a new version means changed");
        }
    }

    @Test
    void replaceRowsSemantics() {
        try (ZarrDataset ds = append()) {
            KymDataset kym = new KymDataset(ds);
            kym.updateIndex(meanIndexer("mean"));
            ds.deleteImage(ids.get(1));
            ds.record(ids.get(0)).saveMetadataPayload(Map.of("rois", List.of(Rois.toEnvelope(new Roi(7, 1, 0, 0, 1, 0, 1)))));
            IndexReport report = kym.updateIndex(meanIndexer("mean"));
            assertEquals(1, report.droppedImages());
            Table t = ds.loadTable("kym_mean");
            assertEquals(3, t.rowCount(), "1 row for the edited image, 2 for the untouched one, none for the deleted one");
            assertEquals(List.of(ids.get(0), ids.get(2), ids.get(2)),
                    List.of(t.getString("image_id", 0), t.getString("image_id", 1), t.getString("image_id", 2)));
            assertEquals(7, t.getInt("roi_id", 0));
            assertTrue(t.filterEquals("image_id", ids.get(1)).rowCount() == 0);
        }
    }

    @Test
    void zeroRowsForAnImageAndSchemaUnionAcrossImages() {
        try (ZarrDataset ds = append()) {
            TestingIndexer indexer = new TestingIndexer("mixed", "mixed@1", rec -> {
                if (rec.imageId().equals(ids.get(0))) {
                    return Table.empty(ROWS);
                }
                if (rec.imageId().equals(ids.get(1))) {
                    return Table.columnBuilder().addInts("roi_id", 1).addStrings("label", "fast").build();
                }
                return Table.columnBuilder().addInts("roi_id", 2).addDoubles("mean", 3.5).build();
            }, rec -> "h");
            new KymDataset(ds).updateIndex(indexer);
            Table t = ds.loadTable("kym_mixed");
            assertEquals(2, t.rowCount());
            assertEquals(List.of("image_id", "analysis_version", "params_hash", "roi_id", "mean", "label"), t.schema().names());
            assertTrue(t.isNull("mean", 0));
            assertTrue(t.isNull("label", 1));
        }
    }

    @Test
    void anIndexerThatThrowsOnOneImageFailsTheRunAndLeavesTheTableUnchanged() throws Exception {
        try (ZarrDataset ds = append()) {
            KymDataset kym = new KymDataset(ds);
            kym.updateIndex(meanIndexer("mean"));
            byte[] before = tableBytes("kym_mean");
            TestingIndexer failing = new TestingIndexer("mean", "mean@2", rec -> {
                if (rec.imageId().equals(ids.get(2))) {
                    throw new IllegalStateException("window larger than ROI");
                }
                return Table.empty(ROWS);
            }, rec -> "h");
            IndexingException e = assertThrows(IndexingException.class,
                    () -> kym.updateIndex(failing, IndexOptions.builder().parallelism(2).build()));
            assertEquals(ids.get(2), e.imageId());
            assertTrue(e.getMessage().contains(ids.get(2)) && e.getMessage().contains("window larger than ROI")
                    && e.getMessage().contains("unchanged"), e.getMessage());
            assertArrayEquals(before, tableBytes("kym_mean"));
        }
    }

    @Test
    void clashingTypesOrForeignProvenanceBreakTheContract() throws Exception {
        try (ZarrDataset ds = append()) {
            KymDataset kym = new KymDataset(ds);
            TestingIndexer clash = new TestingIndexer("clash", "c@1", rec -> rec.imageId().equals(ids.get(0))
                    ? Table.columnBuilder().addStrings("v", "x").build() : Table.columnBuilder().addDoubles("v", 1).build(), rec -> "h");
            IndexingException e1 = assertThrows(IndexingException.class, () -> kym.updateIndex(clash));
            assertTrue(e1.getMessage().contains("'v'"), e1.getMessage());
            TestingIndexer liar = new TestingIndexer("liar", "l@1",
                    rec -> Table.columnBuilder().addStrings("image_id", "someone-else").build(), rec -> "h");
            IndexingException e2 = assertThrows(IndexingException.class, () -> kym.updateIndex(liar));
            assertTrue(e2.getMessage().contains("'liar'") && e2.getMessage().contains("image_id")
                    && e2.getMessage().contains(e2.imageId()), e2.getMessage());
            assertFalse(ds.hasTable("kym_clash") || ds.hasTable("kym_liar"));
        }
    }

    @Test
    void parallelRunsAreDeterministicAndReportProgress() {
        try (ZarrDataset ds = append()) {
            KymDataset kym = new KymDataset(ds);
            kym.updateIndex(meanIndexer("mean"), IndexOptions.builder().parallelism(1).build());
            Table serial = ds.loadTable("kym_mean");
            List<String> seen = Collections.synchronizedList(new ArrayList<>());
            kym.updateIndex(meanIndexer("mean"), IndexOptions.builder().parallelism(3)
                    .progress((done, total, id) -> seen.add(done + "/" + total)).build());
            assertEquals(serial, ds.loadTable("kym_mean"));
            assertEquals(List.of("1/3", "2/3", "3/3"), seen.stream().sorted().toList());
        }
    }

    @Test
    void concurrentReadersSeeTheOldTableOrTheNewOneNeverAMix() throws Exception {
        try (ZarrDataset ds = append()) {
            KymDataset kym = new KymDataset(ds);
            kym.updateIndex(meanIndexer("mean"));
            Table old = ds.loadTable("kym_mean");
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicReference<Throwable> readerFailure = new AtomicReference<>();
            List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
            Thread reader = new Thread(() -> {
                try (ZarrDataset ro = ZarrDataset.open(root, OpenMode.READ)) {
                    while (running.get()) {
                        Table t = ro.loadTable("kym_mean");
                        sizes.add(t.rowCount());
                        if (!t.equals(old) && t.rowCount() != 3 * 50) {
                            throw new AssertionError("torn table with " + t.rowCount() + " rows");
                        }
                    }
                } catch (Throwable t) {
                    readerFailure.set(t);
                }
            });
            reader.start();
            TestingIndexer slow = new TestingIndexer("mean", "mean@9", rec -> {
                Table.RowBuilder b = Table.builder(ROWS);
                for (int i = 0; i < 50; i++) {
                    b.addRow(i, i * 1.0);
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return b.build();
            }, rec -> "h");
            kym.updateIndex(slow);
            Thread.sleep(50);
            running.set(false);
            reader.join();
            if (readerFailure.get() != null) {
                throw new AssertionError(readerFailure.get());
            }
            assertTrue(sizes.contains(6), "the reader saw the old table during the run");
            assertEquals(150, ds.loadTable("kym_mean").rowCount());
        }
    }

    @Test
    void viewsHandIndexersNothingThatWrites() {
        try (ZarrDataset ds = append()) {
            ZarrRecordView view = new ZarrRecordView(ds.record(ids.get(0)), ds, "reader", List.of());
            assertThrows(UnsupportedOperationException.class, () -> view.metadata().put("x", 1));
            @SuppressWarnings("unchecked")
            Map<String, Object> header = (Map<String, Object>) view.metadata().get("header");
            assertThrows(UnsupportedOperationException.class, () -> header.put("delt", 9));
            double stored = ds.record(ids.get(0)).loadArray().getDouble(0);
            float[] copy = view.pixels().toFloatArray();
            copy[0] = -1;
            assertEquals(stored, view.pixels().getDouble(0), "the view hands out copies");
            assertEquals(stored, ds.record(ids.get(0)).loadArray().getDouble(0), "storage is untouched");
            assertEquals(List.of(new Roi(1, 1, 0, 0, 5, 0, 40), new Roi(2, 1, 0, 5, 10, 10, 20)), view.rois());
            ImageRecordView v = view;
            assertTrue(v.json("absent").isEmpty() && v.table("absent").isEmpty());
        }
    }
}
