package org.kymflow.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kymflow.api.BaseIndexer;
import org.kymflow.api.IndexerProvider;
import org.kymflow.table.Table;
import org.kymflow.zarr.NdArray;
import org.kymflow.zarr.ZarrDataset;

class TestPluginCatalog {
    @TempDir
    Path tmp;

    /** Guava is on the host class path (through the built-ins); each plugin bundles its own "Verify". */
    private static String fakeGuava(String version) {
        return """
                package com.google.common.base;
                public final class Verify {
                    private Verify() { }
                    public static String pluginCopy() { return "%s"; }
                }
                """.formatted(version);
    }

    private Path pluginWithOwnGuava(Path jar, String indexerName, String version) throws Exception {
        String pkg = "lib" + indexerName;
        return TestingPluginJars.jar(jar, Map.of(
                        "com/google/common/base/Verify.java", fakeGuava(version),
                        pkg + "/Provider.java", TestingPluginJars.provider(pkg, "Provider", indexerName,
                                "com.google.common.base.Verify.pluginCopy()", "")),
                Map.of(TestingPluginJars.SERVICE, pkg + ".Provider\n"));
    }

    private static CatalogEntry entry(IndexerCatalog catalog, String nameOrOrigin) {
        return catalog.entries().stream().filter(e -> e.name().equals(nameOrOrigin) || e.origin().endsWith(java.io.File.separator + nameOrOrigin))
                .findFirst().orElseThrow(() -> new AssertionError("no entry " + nameOrOrigin + " in " + catalog.entries()));
    }

    @Test
    void builtInsAreFoundOnTheClassPath() {
        IndexerCatalog catalog = IndexerCatalog.discover(tmp.resolve("no-plugins"));
        assertEquals(List.of("diameter", "diameter_summary", "heart_rate", "heart_rate_segments", "radon", "roi_stats", "velocity_events", "velocity_summary"), catalog.loadedNames());
        CatalogEntry radon = entry(catalog, "radon");
        assertEquals(IndexerCatalog.BUILT_IN, radon.origin());
        assertEquals("radon@1.1", radon.analysisVersion());
        assertEquals(16, radon.defaultParams().get("window_size"));
        assertNull(radon.jarSha256());
    }

    @Test
    void pluginsBundlingTheirOwnLibraryVersionsLoadAndRunSideBySide() throws Exception {
        Path plugins = tmp.resolve("plugins");
        pluginWithOwnGuava(plugins.resolve("alpha.jar"), "alpha", "alpha-guava-2.0");
        pluginWithOwnGuava(plugins.resolve("beta/beta.jar"), "beta", "beta-guava-1.0"); // a folder plugin
        IndexerCatalog catalog = IndexerCatalog.discover(plugins);
        assertEquals(List.of("alpha", "beta", "diameter", "diameter_summary", "heart_rate", "heart_rate_segments", "radon", "roi_stats", "velocity_events", "velocity_summary"), catalog.loadedNames());
        CatalogEntry alpha = entry(catalog, "alpha");
        assertEquals(plugins.resolve("alpha.jar").toAbsolutePath().toString(), alpha.origin());
        assertEquals(64, alpha.jarSha256().length());
        try (ZarrDataset ds = ZarrDataset.inMemory()) {
            ds.addImage(NdArray.ofUint8(new byte[6], 2, 3));
            KymDataset kym = new KymDataset(ds);
            kym.updateIndex(catalog.create("alpha", Map.of()));
            kym.updateIndex(catalog.create("beta", Map.of()));
            Table a = ds.loadTable("kym_alpha");
            assertEquals("alpha-guava-2.0", a.getString("lib", 0), "the plugin's own copy, not the host's Guava");
            assertEquals("beta-guava-1.0", ds.loadTable("kym_beta").getString("lib", 0));
            assertTrue(a.getBoolean("tccl_is_plugin", 0), "context class loader is the plugin's during its calls");
            assertEquals(List.of("image_id", "analysis_version", "params_hash", "lib", "tccl_is_plugin", "pixels"), a.schema().names());
            assertEquals("alpha@1", a.getString("analysis_version", 0));
            assertEquals("fixed", a.getString("params_hash", 0));
        }
        // the host's Guava is untouched by the plugins' copies
        assertThrows(NoSuchMethodException.class, () -> com.google.common.base.Verify.class.getMethod("pluginCopy"));
    }

    @Test
    void brokenJarsAreFailedWithPathAndCauseAndTheGoodOnesStillLoad() throws Exception {
        Path plugins = tmp.resolve("plugins");
        Files.createDirectories(plugins);
        TestingPluginJars.simplePlugin(plugins.resolve("good.jar"), "good");
        Files.writeString(plugins.resolve("notzip.jar"), "this is not a zip file");
        TestingPluginJars.jar(plugins.resolve("missing.jar"), Map.of(), Map.of(TestingPluginJars.SERVICE, "org.example.Missing\n"));
        TestingPluginJars.jar(plugins.resolve("throws.jar"), Map.of("t/Provider.java",
                        TestingPluginJars.provider("t", "Provider", "thrower", "\"x\"", "if (true) throw new IllegalStateException(\"no licence file\");")),
                Map.of(TestingPluginJars.SERVICE, "t.Provider\n"));
        TestingPluginJars.jar(plugins.resolve("notaprovider.jar"), Map.of("n/NotAProvider.java", "package n; public class NotAProvider { }"),
                Map.of(TestingPluginJars.SERVICE, "n.NotAProvider\n"));
        TestingPluginJars.jar(plugins.resolve("noservice.jar"), Map.of("e/Empty.java", "package e; public class Empty { }"), Map.of());
        TestingPluginJars.jar(plugins.resolve("createthrows.jar"), Map.of("c/Provider.java",
                        TestingPluginJars.provider("c", "Provider", "creator", "\"x\"", "").replace(
                                "Params.resolve(name(), defaultParams(), params);", "if (true) { throw new UnsupportedOperationException(\"not ready\"); }")),
                Map.of(TestingPluginJars.SERVICE, "c.Provider\n"));

        IndexerCatalog catalog = IndexerCatalog.discover(plugins);
        assertEquals(List.of("diameter", "diameter_summary", "good", "heart_rate", "heart_rate_segments", "radon", "roi_stats", "velocity_events", "velocity_summary"), catalog.loadedNames());
        Map<String, String> expectedCause = Map.of(
                "notzip.jar", "not a readable JAR",
                "missing.jar", "org.example.Missing",
                "throws.jar", "no licence file",
                "notaprovider.jar", "not a subtype",
                "noservice.jar", "declares no indexer",
                "createthrows.jar", "not ready");
        for (Map.Entry<String, String> e : expectedCause.entrySet()) {
            CatalogEntry failed = entry(catalog, e.getKey());
            assertEquals(CatalogEntry.Status.FAILED, failed.status(), failed.toString());
            assertEquals(plugins.resolve(e.getKey()).toAbsolutePath().toString(), failed.origin());
            assertTrue(failed.reason().contains(e.getValue()), e.getKey() + ": " + failed.reason());
        }
        IllegalArgumentException notLoaded = assertThrows(IllegalArgumentException.class, () -> catalog.create("thrower", Map.of()));
        assertTrue(notLoaded.getMessage().contains("available"), notLoaded.getMessage());
    }

    @Test
    void malformedReservedAndDuplicateNamesAreRejected() throws Exception {
        Path plugins = tmp.resolve("plugins");
        TestingPluginJars.simplePlugin(plugins.resolve("kymx.jar"), "kym_x");
        TestingPluginJars.simplePlugin(plugins.resolve("bad.jar"), "Bad-Name");
        TestingPluginJars.simplePlugin(plugins.resolve("index.jar"), "index");
        TestingPluginJars.simplePlugin(plugins.resolve("dup1.jar"), "dup");
        TestingPluginJars.simplePlugin(plugins.resolve("dup2.jar"), "dup");
        TestingPluginJars.simplePlugin(plugins.resolve("radon.jar"), "radon"); // clashes with a built-in
        IndexerCatalog catalog = IndexerCatalog.discover(plugins);
        assertEquals(List.of("diameter", "diameter_summary", "heart_rate", "heart_rate_segments", "roi_stats", "velocity_events", "velocity_summary"), catalog.loadedNames());
        assertTrue(entry(catalog, "kymx.jar").reason().contains("reserved prefix 'kym_'"));
        assertTrue(entry(catalog, "bad.jar").reason().contains("[a-z][a-z0-9_]*"));
        assertTrue(entry(catalog, "index.jar").reason().contains("reserved prefix 'index'"));
        for (String dup : List.of("dup1.jar", "dup2.jar")) {
            CatalogEntry e = entry(catalog, dup);
            assertEquals(CatalogEntry.Status.REJECTED, e.status());
            assertTrue(e.reason().contains("dup1.jar") && e.reason().contains("dup2.jar"), e.reason());
        }
        assertTrue(entry(catalog, "radon.jar").reason().contains(IndexerCatalog.BUILT_IN));
        assertEquals(CatalogEntry.Status.REJECTED, catalog.entries().stream()
                .filter(e -> e.name().equals("radon") && e.origin().equals(IndexerCatalog.BUILT_IN)).findFirst().orElseThrow().status());
    }

    @Test
    void strictMakesAnyProblemFatal() throws Exception {
        Path plugins = tmp.resolve("plugins");
        Files.createDirectories(plugins);
        Files.writeString(plugins.resolve("notzip.jar"), "garbage");
        List<IndexerProvider> builtIns = ServiceLoader.load(IndexerProvider.class).stream().map(ServiceLoader.Provider::get).toList();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> IndexerCatalog.discover(builtIns, List.of(plugins), true));
        assertTrue(e.getMessage().contains("notzip.jar") && e.getMessage().contains("FAILED"), e.getMessage());
        assertEquals(8, IndexerCatalog.discover(builtIns, List.of(plugins), false).loadedNames().size());
    }

    @Test
    void theExamplePluginFromItsOwnSourcesRunsThroughKymDataset() throws Exception {
        Path plugins = tmp.resolve("plugins");
        Path jar = ExamplePlugin.build(tmp, plugins);
        IndexerCatalog catalog = IndexerCatalog.discover(plugins);
        CatalogEntry profile = entry(catalog, "profile");
        assertEquals(CatalogEntry.Status.LOADED, profile.status());
        assertEquals(jar.toAbsolutePath().toString(), profile.origin());
        // a plugin built against the API before describeParams still gets an editor: its params typed by their defaults
        assertEquals(List.of(org.kymflow.api.ParamSpec.of("subtract_min", false)), catalog.describeParams("profile"));
        org.kymflow.api.ParamSpec window = catalog.describeParams("radon").get(0);
        assertEquals("window_size", window.name());
        assertEquals("integer", window.type());
        assertTrue(window.help().contains("multiple of 4"), window.help());
        assertEquals(List.of(), catalog.describeParams("roi_stats"));
        try (ZarrDataset ds = ZarrDataset.inMemory()) {
            String id = ds.addImage(NdArray.ofUint8(new byte[] {1, 2, 3, 4, 5, 6}, 2, 3)).imageId();
            BaseIndexer indexer = catalog.create("profile", Map.of());
            IndexReport report = new KymDataset(ds).updateIndex(indexer);
            assertEquals(3, report.rowsWritten());
            Table t = ds.loadTable("kym_profile");
            assertEquals(id, t.getString("image_id", 0));
            assertEquals("profile@1.0", t.getString("analysis_version", 0));
            assertEquals(2.5, t.getDouble("mean", 0), 1e-12);
        }
    }
}
