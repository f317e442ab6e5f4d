package org.kymflow.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.kymflow.api.BaseIndexer;
import org.kymflow.api.IndexerProvider;
import org.kymflow.api.Provenance;
import org.kymflow.api.Roi;
import org.kymflow.table.ColumnType;
import org.kymflow.table.Field;
import org.kymflow.table.Schema;
import org.kymflow.table.Table;
import org.kymflow.zarr.NdArray;
import org.kymflow.zarr.OpenMode;
import org.kymflow.zarr.ReadOnlyDatasetException;
import org.kymflow.zarr.ZarrDataset;
import org.kymflow.zarr.ZarrImageRecord;

/** KymDataset's contract, run over both stores (directory and in-memory), plus the review's runtime defects. */
class TestKymDatasetOverStores {
    @TempDir
    static Path tmp;

    private static final Schema ROWS = Schema.of(Field.of("roi_id", ColumnType.INT), Field.of("n", ColumnType.LONG));

    static Stream<Arguments> stores() {
        Function<String, ZarrDataset> memory = name -> ZarrDataset.inMemory();
        Function<String, ZarrDataset> directory = name -> ZarrDataset.open(tmp.resolve(name + ".zarr"), OpenMode.WRITE);
        return Stream.of(Arguments.of("memory", memory), Arguments.of("directory", directory));
    }

    private static List<String> addImages(ZarrDataset ds, int count) {
        List<String> ids = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            ZarrImageRecord r = ds.addImage(NdArray.ofUint8(new byte[20 * 8], 20, 8));
            r.saveMetadataPayload(Map.of("rois", List.of(Rois.toEnvelope(new Roi(1, 1, 0, 0, 8, 0, 20)),
                    Rois.toEnvelope(new Roi(2, 1, 0, 0, 4, 0, 10)))));
            ids.add(r.imageId());
        }
        return ids.stream().sorted().toList();
    }

    /** One row per ROI with its pixel count. */
    private static TestingIndexer counter(String name) {
        return new TestingIndexer(name, name + "@1", rec -> {
            Table.RowBuilder b = Table.builder(ROWS);
            for (Roi roi : rec.rois()) {
                b.addRow(roi.roiId(), (long) roi.width() * roi.height());
            }
            return b.build();
        }, rec -> "h");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void rowsCarryProvenanceInImageOrderAndReplaceTheirOldRows(String kind, Function<String, ZarrDataset> open) {
        try (ZarrDataset ds = open.apply(kind + "-rows")) {
            List<String> ids = addImages(ds, 3);
            KymDataset kym = new KymDataset(ds);
            kym.updateIndex(counter("count"));
            Table t = ds.loadTable("kym_count");
            assertEquals(6, t.rowCount());
            assertEquals(List.of(Provenance.IMAGE_ID, Provenance.ANALYSIS_VERSION, Provenance.PARAMS_HASH, "roi_id", "n"),
                    t.schema().names());
            for (int r = 0; r < 6; r++) {
                assertEquals(ids.get(r / 2), t.getString(Provenance.IMAGE_ID, r));
            }
            assertEquals(160L, t.getLong("n", 0));
            ds.deleteImage(ids.get(1));
            kym.updateIndex(counter("count"));
            assertEquals(4, ds.loadTable("kym_count").rowCount(), "rows of a deleted image are dropped");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void aFailingImageLeavesTheTableAsItWas(String kind, Function<String, ZarrDataset> open) {
        try (ZarrDataset ds = open.apply(kind + "-fail")) {
            List<String> ids = addImages(ds, 3);
            KymDataset kym = new KymDataset(ds);
            kym.updateIndex(counter("count"));
            Optional<String> before = ds.tableVersion("kym_count");
            TestingIndexer failing = new TestingIndexer("count", "count@2", rec -> {
                if (rec.imageId().equals(ids.get(2))) {
                    throw new IllegalStateException("bad pixels");
                }
                return Table.empty(ROWS);
            }, rec -> "h2");
            IndexingException e = assertThrows(IndexingException.class, () -> kym.updateIndex(failing));
            assertTrue(e.getMessage().contains(ids.get(2)) && e.getMessage().contains("bad pixels"), e.getMessage());
            assertEquals(before, ds.tableVersion("kym_count"));
        }
    }

    /** Review: a table written behind the run's back (a plugin with a dataset handle, another program) was overwritten. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void aTableChangedDuringTheRunIsNotOverwritten(String kind, Function<String, ZarrDataset> open) {
        try (ZarrDataset ds = open.apply(kind + "-changed")) {
            List<String> ids = addImages(ds, 2);
            KymDataset kym = new KymDataset(ds);
            kym.updateIndex(counter("count"));
            Table sneaky = Table.builder(Schema.of(Field.of(Provenance.IMAGE_ID, ColumnType.STRING))).addRow(ids.get(0)).build();
            TestingIndexer writer = new TestingIndexer("count", "count@1", rec -> {
                ds.saveTable("kym_count", sneaky); // what a trusted-but-careless plugin could do
                return Table.empty(ROWS);
            }, rec -> "h");
            IndexingException e = assertThrows(IndexingException.class, () -> kym.updateIndex(writer));
            assertTrue(e.getMessage().contains("changed during the run"), e.getMessage());
            assertEquals(sneaky, ds.loadTable("kym_count"), "the other writer's table stays, nothing of ours replaces it");
        }
    }

    /** Defect 6: on a read-only dataset every image was computed before the write failed. */
    @Test
    void aReadOnlyDatasetIsRefusedBeforeAnyImageIsComputed() {
        Path root = tmp.resolve("readonly.zarr");
        try (ZarrDataset ds = ZarrDataset.open(root, OpenMode.WRITE)) {
            addImages(ds, 2);
        }
        try (ZarrDataset ds = ZarrDataset.open(root, OpenMode.READ)) {
            TestingIndexer indexer = counter("count");
            ReadOnlyDatasetException e = assertThrows(ReadOnlyDatasetException.class, () -> new KymDataset(ds).updateIndex(indexer));
            assertTrue(e.getMessage().contains("read-only"), e.getMessage());
            assertEquals(0, indexer.calls.get());
            assertFalse(ds.hasTable("kym_count"));
        }
    }

    /** Defect 10: a provider whose indexer had another name wrote into that indexer's table. */
    @Test
    void anIndexerMustCarryItsProvidersName() {
        IndexerProvider impostor = new IndexerProvider() {
            @Override
            public String name() {
                return "honest";
            }

            @Override
            public String description() {
                return "names itself honestly only with default params";
            }

            @Override
            public Map<String, Object> defaultParams() {
                return Map.of("lie", false);
            }

            @Override
            public BaseIndexer create(Map<String, Object> params) {
                boolean lie = Boolean.parseBoolean(String.valueOf(params.getOrDefault("lie", false)));
                return counter(lie ? "radon" : "honest");
            }
        };
        IndexerCatalog catalog = IndexerCatalog.discover(List.of(impostor), List.of(), false);
        assertEquals("honest", catalog.create("honest", Map.of()).name());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> catalog.create("honest", Map.of("lie", true)));
        assertTrue(e.getMessage().contains("'honest'") && e.getMessage().contains("'radon'"), e.getMessage());
    }
}
