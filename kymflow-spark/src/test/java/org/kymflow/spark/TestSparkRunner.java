package org.kymflow.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kymflow.api.Roi;
import org.kymflow.cli.KymflowCli;
import org.kymflow.runtime.ExamplePlugin;
import org.kymflow.runtime.Rois;
import org.kymflow.table.Table;
import org.kymflow.zarr.OpenMode;
import org.kymflow.zarr.ZarrDataset;
import org.kymflow.zarr.ZarrImageRecord;

/**
 * kymflow-spark on {@code local[2]} against the single-machine runner on copies of the same dataset: the
 * same tables row for row (demo and real capillary), incremental after a changed image, a plugin JAR
 * used by the executors, a failing image, and a killed run's staging folder removed.
 */
class TestSparkRunner {
    @TempDir
    static Path tmp;
    static Path demo;

    record Run(int code, String out, String err) {
    }

    /** A command line's entry point, as both runners have one. */
    interface Main {
        int run(String[] args, PrintWriter out, PrintWriter err);
    }

    static Run run(Main main, Object... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = main.run(Arrays.stream(args).map(String::valueOf).toArray(String[]::new), new PrintWriter(out, true),
                new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    static Run spark(Object... args) {
        return run(KymflowSpark::run, args);
    }

    static Run local(Object... args) {
        return run(KymflowCli::run, args);
    }

    @BeforeAll
    static void makeDemo() {
        Run made = local("demo", "--dir", tmp.resolve("demo-source"));
        assertEquals(0, made.code(), made.err());
        demo = tmp.resolve("demo-source/demo.zarr");
    }

    static Path copy(Path dataset, String name) throws IOException {
        Path to = tmp.resolve(name);
        try (Stream<Path> walk = Files.walk(dataset)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(dataset.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return to;
    }

    static Table table(Path dataset, String name) {
        try (ZarrDataset ds = ZarrDataset.open(dataset, OpenMode.READ)) {
            return ds.loadTable(name);
        }
    }

    static void assertSameTables(Path single, Path spark, String... tables) {
        for (String t : tables) {
            Table a = table(single, t);
            Table b = table(spark, t);
            assertTrue(a.rowCount() > 0, t + " has rows");
            assertEquals(a, b, t + ": the Spark run's table is the single-machine run's, row for row");
        }
    }

    static String lastEngine(Path dataset) {
        Table runs = table(dataset, "sys_runs");
        return runs.getString("engine", runs.rowCount() - 1);
    }

    @Test
    void theDemoGivesTheSingleMachineTablesAndTheSameJsonReport() throws Exception {
        Path single = copy(demo, "demo-single.zarr");
        Path onSpark = copy(demo, "demo-spark.zarr");
        Run a = local("index", single, "velocity_summary", "--mode", "replace", "--json");
        assertEquals(0, a.code(), a.err());
        Run b = spark(onSpark, "velocity_summary", "--mode", "replace", "--master", "local[2]", "--json");
        assertEquals(0, b.code(), b.err());
        assertSameTables(single, onSpark, "kym_radon", "kym_velocity_events", "kym_velocity_summary");
        JsonNode ja = new ObjectMapper().readTree(a.out());
        JsonNode jb = new ObjectMapper().readTree(b.out());
        assertEquals(3, jb.size(), "radon and velocity_events are brought up to date first, as on one machine");
        for (int i = 0; i < 3; i++) {
            for (String key : List.of("indexer", "table", "mode", "status", "images", "computed", "rows", "failed")) {
                assertEquals(ja.get(i).get(key), jb.get(i).get(key), key + " of report " + i);
            }
        }
        assertTrue(lastEngine(onSpark).startsWith("spark (master local[2], "), lastEngine(onSpark));
        assertEquals("local", lastEngine(single));
        assertFalse(Files.exists(onSpark.resolve(SparkEngine.STAGING)) && Files.list(onSpark.resolve(SparkEngine.STAGING)).findAny().isPresent(),
                "no staging left behind");

        // incremental after one changed image: only it is recomputed, on both runners alike
        for (Path d : List.of(single, onSpark)) {
            try (ZarrDataset ds = ZarrDataset.open(d, OpenMode.APPEND)) {
                ZarrImageRecord rec = ds.record(ds.listImageIds().get(1));
                rec.saveMetadataPayload(withRoi(rec.loadMetadataPayload(), new Roi(1, 1, 0, 4, 30, 0, 4000)));
            }
        }
        Run ia = local("index", single, "radon", "--json");
        Run ib = spark(onSpark, "radon", "--master", "local[2]", "--json");
        assertEquals(0, ib.code(), ib.err());
        assertEquals(1, new ObjectMapper().readTree(ib.out()).get(0).get("computed").asInt(), "only the changed image");
        assertEquals(new ObjectMapper().readTree(ia.out()).get(0).get("computed"), new ObjectMapper().readTree(ib.out()).get(0).get("computed"));
        assertSameTables(single, onSpark, "kym_radon");
    }

    static Map<String, Object> withRoi(Map<String, Object> payload, Roi roi) {
        Map<String, Object> m = new java.util.LinkedHashMap<>(payload);
        m.put("rois", List.of(Rois.toEnvelope(roi)));
        return m;
    }

    @Test
    void theRealCapillaryGivesTheSingleMachineTable() throws Exception {
        Path data = Path.of(System.getProperty("kymflow.shared.data", "../shared/data"));
        boolean present = Files.isRegularFile(data.resolve("Capillary1_0001.tif"));
        if (!present && System.getenv("CI") != null) {
            throw new IllegalStateException("CI=true but the shared data folder " + data.toAbsolutePath() + " is missing");
        }
        if (!(present)) {
            System.out.println("[skipped] real data folder " + data.toAbsolutePath() + " is absent"); // on the console, not only in the reports
        }
        Assumptions.assumeTrue(present, "skipped: real data folder " + data.toAbsolutePath() + " is absent");
        Path in = Files.createDirectories(tmp.resolve("capillary-in"));
        for (String f : List.of("Capillary1_0001.tif", "Capillary1_0001.txt", "Capillary1_0001.json")) {
            Files.copy(data.resolve(f), in.resolve(f));
        }
        Path single = tmp.resolve("cap-single.zarr");
        assertEquals(0, local("ingest", single, in).code());
        Path onSpark = copy(single, "cap-spark.zarr");
        assertEquals(0, local("index", single, "radon").code());
        Run b = spark(onSpark, "radon", "--master", "local[2]");
        assertEquals(0, b.code(), b.err());
        assertSameTables(single, onSpark, "kym_radon");
        assertEquals(16241, table(onSpark, "kym_radon").rowCount());
    }

    @Test
    void executorsUseAPluginJarFromThePluginsFolder() throws Exception {
        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        ExamplePlugin.build(Files.createDirectories(tmp.resolve("plugin-build")), plugins);
        Path single = copy(demo, "plugin-single.zarr");
        Path onSpark = copy(demo, "plugin-spark.zarr");
        Run a = local("index", single, "profile_peak", "--plugins", plugins);
        assertEquals(0, a.code(), a.err());
        Run b = spark(onSpark, "profile_peak", "--plugins", plugins, "--master", "local[2]");
        assertEquals(0, b.code(), b.err());
        assertSameTables(single, onSpark, "kym_profile_peak");
        assertTrue(table(onSpark, "sys_runs").getString("origin", table(onSpark, "sys_runs").rowCount() - 1).contains("example-indexer"));
    }

    @Test
    void aFailingImageFailsTheRunOrIsKeptGoingPastAsOnOneMachine() throws Exception {
        Path single = copy(demo, "fail-single.zarr");
        Path onSpark = copy(demo, "fail-spark.zarr");
        String bad;
        try (ZarrDataset ds = ZarrDataset.open(single, OpenMode.READ)) {
            bad = ds.listImageIds().get(2);
        }
        for (Path d : List.of(single, onSpark)) { // a chunk that is not blosc any more: reading the pixels fails
            Files.write(d.resolve("images/" + bad + "/data/0.0"), "not a chunk".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        Table before = table(onSpark, "kym_radon");
        Run failFast = spark(onSpark, "radon", "--mode", "replace", "--master", "local[2]");
        assertEquals(1, failFast.code());
        assertTrue(failFast.err().contains(bad), failFast.err());
        assertEquals(before, table(onSpark, "kym_radon"), "a failed run leaves the table as it was");
        Run a = local("index", single, "radon", "--mode", "replace", "--keep-going", "--json");
        Run b = spark(onSpark, "radon", "--mode", "replace", "--keep-going", "--master", "local[2]", "--json");
        assertEquals(1, a.code());
        assertEquals(1, b.code());
        JsonNode rb = new ObjectMapper().readTree(b.out()).get(0);
        assertEquals(List.of(bad), new ArrayList<>(iterable(rb.get("failures").fieldNames())));
        assertEquals(new ObjectMapper().readTree(a.out()).get(0).get("failures").get(bad).asText().replaceAll("/tmp/[^ ]*/fail-single.zarr", "DS"),
                rb.get("failures").get(bad).asText().replaceAll("/tmp/[^ ]*/fail-spark.zarr", "DS"), "the same cause");
        assertEquals("partial", rb.get("status").asText());
        assertSameTables(single, onSpark, "kym_radon");
    }

    @Test
    void aKilledRunsStagingFolderIsRemovedByTheNextRun() throws Exception {
        Path onSpark = copy(demo, "left-spark.zarr");
        Path left = Files.createDirectories(onSpark.resolve(SparkEngine.STAGING).resolve("a-killed-run"));
        Files.write(left.resolve("x.parquet"), new byte[] {1, 2, 3});
        Run b = spark(onSpark, "radon", "--master", "local[1]");
        assertEquals(0, b.code(), b.err());
        assertTrue(b.out().contains("removed 1 staging folder"), b.out());
        assertFalse(Files.exists(left));
        try (ZarrDataset ds = ZarrDataset.open(onSpark, OpenMode.READ)) {
            assertEquals(List.of(), ds.validate(), "the dataset stays valid");
        }
    }

    private static <T> List<T> iterable(java.util.Iterator<T> it) {
        List<T> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
