package org.kymflow.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kymflow.api.BaseIndexer;
import org.kymflow.zarr.OpenMode;
import org.kymflow.zarr.ZarrDataset;
import org.kymflow.zarr.ZarrException;

/** The dataset's analysis configuration: checked like a run, stored as plain JSON, used by every question. */
class TestAnalysisConfig {
    @TempDir
    Path tmp;

    private static IndexerCatalog catalog() {
        return IndexerCatalog.discover(List.of(TestDerivedIndexers.provider("base", List.of()),
                TestDerivedIndexers.provider("mid", List.of("base"))), List.of(), false);
    }

    @Test
    void paramsAreCheckedCoercedStoredAsPlainJsonAndRestored() throws Exception {
        IndexerCatalog catalog = catalog();
        Path location = tmp.resolve("d.zarr");
        try (ZarrDataset ds = ZarrDataset.open(location, OpenMode.WRITE)) {
            assertEquals(AnalysisConfig.empty(), AnalysisConfig.load(ds));
            AnalysisConfig config = AnalysisConfig.empty().with(catalog, "base", Map.of("k", "7")); // as a command line gives it
            assertEquals(Map.of("base", Map.of("k", 7)), config.params());
            config.save(ds);
        }
        String json = Files.readString(location.resolve("analysis_config.json"));
        assertTrue(json.contains("\"format\": \"kymflow_analysis_config_v1\"") && json.contains("\"k\": 7"), json);
        try (ZarrDataset ds = ZarrDataset.open(location, OpenMode.READ)) {
            AnalysisConfig config = AnalysisConfig.load(ds);
            assertEquals(7, config.paramsFor("base").get("k"));
            assertEquals(new AnalysisConfig.EffectiveParam(7, 1, false), config.effective(catalog, "base").get("k"));
            assertEquals(new AnalysisConfig.EffectiveParam(1, 1, true), config.effective(catalog, "mid").get("k"));
            assertEquals(Map.of(), config.with(catalog, "base", Map.of("k", 1)).paramsFor("base"), "a default is not kept");
            Map<String, Object> reset = new LinkedHashMap<>();
            reset.put("k", null);
            assertEquals(AnalysisConfig.empty(), config.with(catalog, "base", reset));
            assertEquals(AnalysisConfig.empty(), config.reset("base", null));
            assertEquals(AnalysisConfig.empty(), config.reset("base", "k"));
        }
    }

    @Test
    void unknownAnalysesKeysAndIllTypedValuesAreRefusedWithTheChoices() {
        IndexerCatalog catalog = catalog();
        IllegalArgumentException analysis = assertThrows(IllegalArgumentException.class,
                () -> AnalysisConfig.empty().with(catalog, "radom", Map.of("k", 2)));
        assertTrue(analysis.getMessage().contains("'radom'") && analysis.getMessage().contains("[base, mid]"), analysis.getMessage());
        IllegalArgumentException key = assertThrows(IllegalArgumentException.class,
                () -> AnalysisConfig.empty().with(catalog, "base", Map.of("window", 2)));
        assertTrue(key.getMessage().contains("'window'") && key.getMessage().contains("[k]"), key.getMessage());
        IllegalArgumentException value = assertThrows(IllegalArgumentException.class,
                () -> AnalysisConfig.empty().with(catalog, "base", Map.of("k", "two")));
        assertTrue(value.getMessage().contains("'k'"), value.getMessage());
    }

    @Test
    void aRunWithTheConfigurationIsFreshForStalenessResolvedWithIt() {
        IndexerCatalog catalog = catalog();
        try (ZarrDataset ds = ZarrDataset.open(tmp.resolve("d.zarr"), OpenMode.WRITE)) {
            ds.addImage(org.kymflow.zarr.NdArray.ofUint8(new byte[20 * 4], 20, 4));
            AnalysisConfig config = AnalysisConfig.empty().with(catalog, "base", Map.of("k", 3));
            config.save(ds);
            KymDataset kym = new KymDataset(ds);
            for (BaseIndexer indexer : IndexPlan.resolve(catalog, List.of("mid"), AnalysisConfig.load(ds).overlaid(Map.of())).order()) {
                kym.updateIndex(indexer, IndexOptions.builder().mode(UpdateMode.INCREMENTAL).build());
            }
            IndexPlan again = IndexPlan.resolve(catalog, List.of("mid"), AnalysisConfig.load(ds).overlaid(Map.of()));
            assertTrue(kym.staleness(again.order(), java.util.Set.of()).values().stream().flatMap(List::stream)
                    .allMatch(ImageStaleness::isFresh));
            IndexPlan defaults = IndexPlan.resolve(catalog, List.of("mid"), Map.of());
            assertFalse(kym.staleness(defaults.order(), java.util.Set.of()).get("base").get(0).isFresh(),
                    "with the defaults instead, base would be recomputed");
        }
    }

    @Test
    void aDocumentThatIsNotAConfigurationIsAnErrorNamingIt() throws Exception {
        Path location = tmp.resolve("d.zarr");
        ZarrDataset.open(location, OpenMode.WRITE).close();
        Files.writeString(location.resolve("analysis_config.json"), "{\"params\": 3}");
        try (ZarrDataset ds = ZarrDataset.open(location, OpenMode.READ)) {
            ZarrException e = assertThrows(ZarrException.class, () -> AnalysisConfig.load(ds));
            assertTrue(e.getMessage().contains("analysis_config.json") && e.getMessage().contains("delete it"), e.getMessage());
        }
    }
}
