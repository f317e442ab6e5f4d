package org.kymflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kymflow.runtime.RunLog;
import org.kymflow.runtime.TestingPluginJars;
import org.kymflow.zarr.OpenMode;
import org.kymflow.zarr.ZarrDataset;

/** What a misbehaving plugin can and cannot do to a run: see docs/plugins.md. */
class TestPluginContainment {
    @TempDir
    Path tmp;

    private static final String PROVIDER = """
            package exits;
            import java.util.Map;
            import java.util.concurrent.atomic.AtomicInteger;
            import org.kymflow.api.*;
            import org.kymflow.table.*;
            public final class Provider implements IndexerProvider {
                static final AtomicInteger CALLS = new AtomicInteger();
                public String name() { return "exits"; }
                public String description() { return "calls System.exit on its third image"; }
                public Map<String, Object> defaultParams() { return Map.of(); }
                public BaseIndexer create(Map<String, Object> params) {
                    return new BaseIndexer() {
                        public String name() { return "exits"; }
                        public String analysisVersion() { return "exits@1"; }
                        public String paramsHash(ImageRecordView rec) { return "fixed"; }
                        public Table extractRows(ImageRecordView rec) {
                            if (CALLS.incrementAndGet() == 3) {
                                System.exit(3);
                            }
                            return Table.columnBuilder().addInts("n", CALLS.get()).build();
                        }
                    };
                }
            }
            """;

    @Test
    void aPluginThatCallsSystemExitEndsTheProcessPromptlyAndWhatFinishedIsCommitted() throws Exception {
        Path plugins = tmp.resolve("plugins");
        TestingPluginJars.jar(plugins.resolve("exits.jar"), Map.of("exits/Provider.java", PROVIDER),
                Map.of(TestingPluginJars.SERVICE, "exits.Provider\n"));
        Path folder = tmp.resolve("lab");
        for (int i = 0; i < 5; i++) {
            TestIngestIntegrity.kymograph(folder, "k" + i, null);
        }
        Path dataset = tmp.resolve("lab.zarr");
        assertEquals(0, TestCli.kymflow("ingest", dataset, folder).code());
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"), KymflowCli.class.getName(),
                "index", dataset.toString(), "exits", "--plugins", plugins.toString(), "--threads", "1")
                .redirectErrorStream(true).start();
        long t0 = System.nanoTime();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), out);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(3, p.exitValue(), "the plugin's exit status: " + out);
        assertTrue(seconds < 30, "no minute-long stall: " + seconds + " s\n" + out);
        assertTrue(out.contains("System.exit"), out);
        try (ZarrDataset ds = ZarrDataset.open(dataset, OpenMode.READ)) {
            assertEquals(2, ds.loadTable("kym_exits").rowCount(), "the two images finished before the exit are kept");
            List<Map<String, Object>> log = RunLog.read(ds);
            assertEquals("interrupted", log.get(0).get("status"), log.toString());
        }
        TestCli.Run status = TestCli.kymflow("status", dataset, "exits", "--plugins", plugins, "--json");
        assertTrue(status.out().contains("\"fresh\": 2") && status.out().contains("\"stale\": 3"), status.out());
    }
}
