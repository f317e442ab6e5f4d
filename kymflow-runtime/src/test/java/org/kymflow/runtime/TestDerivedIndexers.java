package org.kymflow.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kymflow.api.BaseIndexer;
import org.kymflow.api.ImageRecordView;
import org.kymflow.api.IndexerProvider;
import org.kymflow.api.Roi;
import org.kymflow.table.ColumnType;
import org.kymflow.table.Field;
import org.kymflow.table.Schema;
import org.kymflow.table.Table;
import org.kymflow.zarr.NdArray;
import org.kymflow.zarr.OpenMode;
import org.kymflow.zarr.ZarrDataset;
import org.kymflow.zarr.ZarrImageRecord;

/** Indexers that read other indexers: ordering, cycles, missing inputs, staleness that propagates, plugins. */
class TestDerivedIndexers {
    @TempDir
    Path tmp;
    ZarrDataset ds;
    List<String> ids;

    private static final Schema ROWS = Schema.of(Field.of("roi_id", ColumnType.INT), Field.of("value", ColumnType.DOUBLE));

    @BeforeEach
    void makeDataset() {
        ds = ZarrDataset.open(tmp.resolve("d.zarr"), OpenMode.WRITE);
        List<String> made = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            ZarrImageRecord r = ds.addImage(NdArray.ofUint8(new byte[20 * 4], 20, 4));
            r.saveMetadataPayload(Map.of("rois", List.of(Rois.toEnvelope(new Roi(1, 1, 0, 0, 4, 0, 20)))));
            made.add(r.imageId());
        }
        ids = made.stream().sorted().toList();
    }

    @AfterEach
    void close() {
        ds.close();
    }

    /** A provider of an indexer that reads its inputs' row counts; its hash covers a param (and the ROIs, without inputs). */
    static IndexerProvider provider(String name, List<String> inputs) {
        return new IndexerProvider() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String description() {
                return "test " + name;
            }

            @Override
            public Map<String, Object> defaultParams() {
                return Map.of("k", 1);
            }

            @Override
            public BaseIndexer create(Map<String, Object> params) {
                int k = org.kymflow.api.Params.resolve(name, defaultParams(), params).getInt("k");
                return new BaseIndexer() {
                    @Override
                    public String name() {
                        return name;
                    }

                    @Override
                    public List<String> inputs() {
                        return inputs;
                    }

                    @Override
                    public Table extractRows(ImageRecordView rec) {
                        double sum = k;
                        for (String input : inputs) {
                            sum += rec.inputRows(input).rowCount() * 10;
                        }
                        return Table.builder(ROWS).addRow(1, sum).build();
                    }

                    @Override
                    public String paramsHash(ImageRecordView rec) {
                        // a reader of inputs depends on the image only through them: the runtime stamps those
                        return org.kymflow.api.ParamsHash.sha256(Map.of("k", k, "rois", inputs.isEmpty() ? rec.rois().toString() : ""));
                    }

                    @Override
                    public String analysisVersion() {
                        return name + "@1";
                    }
                };
            }
        };
    }

    private static IndexerCatalog catalog(IndexerProvider... providers) {
        return IndexerCatalog.discover(List.of(providers), List.of(), false);
    }

    private static List<String> names(IndexPlan plan) {
        return plan.order().stream().map(BaseIndexer::name).toList();
    }

    @Test
    void inputsRunFirstAndCyclesAndMissingInputsAreNamedBeforeAnythingRuns() {
        IndexerCatalog catalog = catalog(provider("base", List.of()), provider("mid", List.of("base")),
                provider("top", List.of("mid", "base")), provider("x", List.of("y")), provider("y", List.of("x")),
                provider("orphan", List.of("nope")));
        IndexPlan plan = IndexPlan.resolve(catalog, List.of("top"), Map.of());
        assertEquals(List.of("base", "mid", "top"), names(plan));
        assertEquals(Set.of("base", "mid"), plan.addedAsInputs());
        IllegalArgumentException cycle = assertThrows(IllegalArgumentException.class, () -> IndexPlan.resolve(catalog, List.of("x"), Map.of()));
        assertTrue(cycle.getMessage().contains("x -> y -> x"), cycle.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> IndexPlan.resolve(catalog, List.of("orphan"), Map.of()));
        assertTrue(missing.getMessage().contains("'nope'") && missing.getMessage().contains("orphan -> nope"), missing.getMessage());
    }

    @Test
    void aDerivedIndexerReadsItsInputsRowsAndNothingElse() {
        IndexerCatalog catalog = catalog(provider("base", List.of()), provider("mid", List.of("base")));
        KymDataset kym = new KymDataset(ds);
        for (BaseIndexer indexer : IndexPlan.resolve(catalog, List.of("mid"), Map.of()).order()) {
            kym.updateIndex(indexer, IndexOptions.builder().mode(UpdateMode.INCREMENTAL).build());
        }
        assertEquals(11.0, ds.loadTable("kym_mid").getDouble("value", 0), "1 + 10 x one row of base");
        BaseIndexer sneaky = new TestingIndexer("sneaky", "sneaky@1", rec -> Table.builder(ROWS).addRow(1, (double) rec.inputRows("base").rowCount()).build(),
                rec -> "h");
        IndexingException e = assertThrows(IndexingException.class, () -> kym.updateIndex(sneaky));
        assertTrue(e.getMessage().contains("'sneaky'") && e.getMessage().contains("'base'") && e.getMessage().contains("declared inputs"),
                e.getMessage());
    }

    @Test
    void aDerivedIndexerRunThroughTheLibraryWithoutItsInputIsRefusedNotComputedFromNothing() {
        IndexerCatalog catalog = catalog(provider("base", List.of()), provider("mid", List.of("base")));
        KymDataset kym = new KymDataset(ds);
        BaseIndexer mid = catalog.create("mid", Map.of());
        IndexingException e = assertThrows(IndexingException.class, () -> kym.updateIndex(mid));
        assertTrue(e.getMessage().contains("'mid'") && e.getMessage().contains("input 'base' has no results")
                && e.getMessage().contains(ids.get(0)), e.getMessage());
        assertTrue(!ds.hasTable("kym_mid"), "nothing written");
        assertEquals("failed", RunLog.read(ds).get(0).get("status"), "the refused run is in the run log");
        IndexReport kept = kym.updateIndex(mid, IndexOptions.builder().keepGoing(true).build());
        assertEquals(3, kept.failed().size());
        assertTrue(!ds.hasTable("kym_mid") || ds.loadTable("kym_mid").rowCount() == 0);
        // base for one image only: mid computes that image, and refuses the other two
        BaseIndexer base = catalog.create("base", Map.of());
        kym.updateIndex(base, IndexOptions.builder().images(Set.of(ids.get(0))).build());
        IndexReport some = kym.updateIndex(mid, IndexOptions.builder().keepGoing(true).build());
        assertEquals(1, some.computed());
        assertEquals(Set.of(ids.get(1), ids.get(2)), some.failed().keySet());
        // base's results made from pixels that changed since are no input either
        ds.record(ids.get(0)).saveArray(NdArray.ofUint8(new byte[20 * 4], 20, 4));
        ds.record(ids.get(0)).saveArray(NdArray.ofUint8(filled(20 * 4, (byte) 3), 20, 4));
        IndexingException stale = assertThrows(IndexingException.class,
                () -> kym.updateIndex(mid, IndexOptions.builder().mode(UpdateMode.REPLACE).images(Set.of(ids.get(0))).build()));
        assertTrue(stale.getMessage().contains("other pixels"), stale.getMessage());
    }

    private static byte[] filled(int n, byte value) {
        byte[] out = new byte[n];
        java.util.Arrays.fill(out, value);
        return out;
    }

    @Test
    void staleInputsMakeTheirReadersStaleForExactlyTheImagesConcerned() {
        IndexerCatalog catalog = catalog(provider("base", List.of()), provider("mid", List.of("base")));
        KymDataset kym = new KymDataset(ds);
        IndexPlan plan = IndexPlan.resolve(catalog, List.of("mid"), Map.of());
        for (BaseIndexer indexer : plan.order()) {
            kym.updateIndex(indexer, IndexOptions.builder().mode(UpdateMode.INCREMENTAL).build());
        }
        assertTrue(kym.staleness(plan.order(), Set.of()).values().stream().flatMap(List::stream).allMatch(ImageStaleness::isFresh));

        // new params for base: base is stale everywhere, and so is everything that reads it
        Map<String, List<ImageStaleness>> changedParams = kym.staleness(
                IndexPlan.resolve(catalog, List.of("mid"), Map.of("base", Map.of("k", 2))).order(), Set.of());
        assertTrue(changedParams.get("base").stream().allMatch(s -> s.reason() == StalenessReason.STALE_PARAMS_CHANGED));
        assertTrue(changedParams.get("mid").stream().allMatch(s -> s.reason() == StalenessReason.STALE_INPUT_CHANGED));

        // one image's ROIs change: base is stale for it alone, and mid, which reads base, for it alone too
        ds.record(ids.get(1)).saveMetadataPayload(Map.of("rois", List.of(Rois.toEnvelope(new Roi(1, 1, 0, 0, 2, 0, 20)))));
        Map<String, StalenessReason> base = reasons(kym.staleness(plan.order(), Set.of()).get("base"));
        assertEquals(Map.of(ids.get(0), StalenessReason.FRESH_ROWS, ids.get(1), StalenessReason.STALE_PARAMS_CHANGED,
                ids.get(2), StalenessReason.FRESH_ROWS), base);
        assertEquals(Map.of(ids.get(0), StalenessReason.FRESH_ROWS, ids.get(1), StalenessReason.STALE_INPUT_CHANGED,
                ids.get(2), StalenessReason.FRESH_ROWS), reasons(kym.staleness(plan.order(), Set.of()).get("mid")));
        // run base alone: mid now sees newer results of its input for exactly that image
        kym.updateIndex(plan.order().get(0), IndexOptions.builder().mode(UpdateMode.INCREMENTAL).build());
        Map<String, StalenessReason> mid = reasons(kym.staleness(plan.order().get(1)));
        assertEquals(StalenessReason.STALE_INPUT_CHANGED, mid.get(ids.get(1)));
        IndexReport update = kym.updateIndex(plan.order().get(1), IndexOptions.builder().mode(UpdateMode.INCREMENTAL).build());
        assertEquals(1, update.computed(), "exactly the image whose input changed");
    }

    private static Map<String, StalenessReason> reasons(List<ImageStaleness> states) {
        return states.stream().collect(Collectors.toMap(ImageStaleness::imageId, ImageStaleness::reason));
    }

    @Test
    void aPluginJarDeclaresAnInputAndReadsIt() throws Exception {
        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        String source = """
                package derived;
                import java.util.List;
                import java.util.Map;
                import org.kymflow.api.*;
                import org.kymflow.table.*;
                public final class Provider implements IndexerProvider {
                    public String name() { return "counted"; }
                    public String description() { return "counts another indexer's rows"; }
                    public Map<String, Object> defaultParams() { return Map.of(); }
                    public BaseIndexer create(Map<String, Object> params) {
                        return new BaseIndexer() {
                            public String name() { return "counted"; }
                            public List<String> inputs() { return List.of("base"); }
                            public String analysisVersion() { return "counted@1"; }
                            public String paramsHash(ImageRecordView rec) { return "fixed"; }
                            public Table extractRows(ImageRecordView rec) {
                                return Table.columnBuilder().addInts("base_rows", rec.inputRows("base").rowCount()).build();
                            }
                        };
                    }
                }
                """;
        TestingPluginJars.jar(plugins.resolve("counted.jar"), Map.of("derived/Provider.java", source),
                Map.of(TestingPluginJars.SERVICE, "derived.Provider\n"));
        IndexerCatalog catalog = IndexerCatalog.discover(List.of(provider("base", List.of())), List.of(plugins), true);
        IndexPlan plan = IndexPlan.resolve(catalog, List.of("counted"), Map.of());
        assertEquals(List.of("base", "counted"), names(plan));
        KymDataset kym = new KymDataset(ds);
        plan.order().forEach(kym::updateIndex);
        assertEquals(1, ds.loadTable("kym_counted").getInt("base_rows", 0));
    }
}
