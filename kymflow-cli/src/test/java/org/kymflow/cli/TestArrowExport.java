package org.kymflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kymflow.table.Column;
import org.kymflow.table.ColumnType;
import org.kymflow.table.Table;
import org.kymflow.zarr.OpenMode;
import org.kymflow.zarr.ZarrDataset;

/**
 * {@code kymflow export --format arrow}, proven by an independent reader: the apache-arrow npm package
 * under Node reads every table file, and its row counts, column names, types, nulls and values must be
 * the dataset's. Skipped with a message where Node or the package is absent, except in CI ({@code .ci/run}
 * installs the package under {@code .ci/node}).
 */
class TestArrowExport {
    private static final Map<ColumnType, String> ARROW_TYPES = Map.of(ColumnType.STRING, "Utf8", ColumnType.LONG, "Int64",
            ColumnType.INT, "Int32", ColumnType.DOUBLE, "Float64", ColumnType.BOOLEAN, "Bool");
    @TempDir
    Path tmp;

    private static Path nodeModules() {
        Path modules = Path.of(System.getProperty("kymflow.node.modules",
                Path.of(System.getProperty("kymflow.repo.root", "..")).resolve(".ci/node/node_modules").toString()));
        boolean present = Files.isDirectory(modules.resolve("apache-arrow")) && nodeRuns();
        if (!present && System.getenv("CI") != null) {
            throw new IllegalStateException("CI must read the Arrow files with Node, but node or " + modules.resolve("apache-arrow")
                    + " is missing: .ci/run installs it (npm install --prefix .ci/node apache-arrow)");
        }
        if (!(present)) {
            System.out.println("[skipped] no node, or no apache-arrow under " + modules
                + " (npm install --prefix .ci/node apache-arrow) to read the Arrow export independently"); // on the console, not only in the reports
        }
        Assumptions.assumeTrue(present, "skipped: no node, or no apache-arrow under " + modules
                + " (npm install --prefix .ci/node apache-arrow) to read the Arrow export independently");
        return modules;
    }

    private static boolean nodeRuns() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (java.io.IOException e) {
            return false; // no node on the PATH
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void nodeReadsEveryTableRowAndColumnOfTheArrowExport() throws Exception {
        Path modules = nodeModules();
        assertEquals(0, TestCli.kymflow("demo", "--dir", tmp.resolve("demo")).code());
        Path ds = tmp.resolve("demo/demo.zarr");
        TestCli.Run export = TestCli.kymflow("export", ds, tmp.resolve("out"), "--format", "arrow");
        assertEquals(0, export.code(), export.err());
        Path script = tmp.resolve("read-arrow.cjs");
        try (var in = TestArrowExport.class.getResourceAsStream("read-arrow.cjs")) {
            Files.write(script, in.readAllBytes());
        }
        List<String> command = new ArrayList<>(List.of("node", script.toString()));
        List<String> names;
        try (ZarrDataset dataset = ZarrDataset.open(ds, OpenMode.READ)) {
            names = dataset.listTableNames();
        }
        assertTrue(names.containsAll(List.of("kym_radon", "kym_velocity_events", "kym_velocity_summary", "sources")), names.toString());
        for (String name : names) {
            Path arrow = tmp.resolve("out/tables/" + name + ".arrow");
            assertTrue(Files.isRegularFile(arrow) && Files.isRegularFile(tmp.resolve("out/tables/" + name + ".csv")), name);
            command.add(arrow.toString());
        }
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("NODE_PATH", modules.toString());
        Process node = pb.start();
        String json = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(node.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(node.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, node.exitValue(), err);
        JsonNode read = new ObjectMapper().readTree(json);
        try (ZarrDataset dataset = ZarrDataset.open(ds, OpenMode.READ)) {
            for (String name : names) {
                Table table = dataset.loadTable(name);
                JsonNode file = read.get(tmp.resolve("out/tables/" + name + ".arrow").toString());
                assertEquals(table.rowCount(), file.get("rows").asInt(), name + " rows");
                JsonNode columns = file.get("columns");
                assertEquals(table.columnCount(), columns.size(), name + " columns");
                for (int c = 0; c < table.columnCount(); c++) {
                    JsonNode col = columns.get(c);
                    Column expected = table.column(c);
                    String where = name + "." + table.schema().fields().get(c).name();
                    assertEquals(table.schema().fields().get(c).name(), col.get("name").asText(), where);
                    assertEquals(ARROW_TYPES.get(expected.type()), col.get("type").asText(), where);
                    assertEquals(table.schema().fields().get(c).nullable(), col.get("nullable").asBoolean(), where);
                    assertEquals(expected.nullCount(), col.get("nulls").asInt(), where + " nulls");
                    if (expected.type() == ColumnType.LONG || expected.type() == ColumnType.INT || expected.type() == ColumnType.DOUBLE) {
                        double sum = 0;
                        for (int r = 0; r < expected.size(); r++) {
                            double v = expected.isNull(r) ? Double.NaN : expected.getAsDouble(r);
                            sum += Double.isFinite(v) ? v : 0;
                        }
                        assertEquals(sum, col.get("sum").asDouble(), Math.abs(sum) * 1e-12 + 1e-9, where + " sum");
                    } else if (table.rowCount() > 0 && !expected.isNull(0)) {
                        assertEquals(String.valueOf(expected.get(0)), col.get("first").asText(), where + " first value");
                    }
                }
            }
        }
    }
}
