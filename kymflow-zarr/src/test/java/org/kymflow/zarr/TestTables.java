package org.kymflow.zarr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kymflow.table.ColumnType;
import org.kymflow.table.Field;
import org.kymflow.table.Schema;
import org.kymflow.table.Table;

class TestTables {
    @TempDir
    Path tmp;

    static final Schema SCHEMA = Schema.of(Field.required("image_id", ColumnType.STRING), Field.of("roi_id", ColumnType.INT),
            Field.of("n", ColumnType.LONG), Field.of("velocity", ColumnType.DOUBLE), Field.of("ok", ColumnType.BOOLEAN),
            Field.of("note", ColumnType.STRING));

    static Table rows(String imageId, int count, double base) {
        Table.RowBuilder b = Table.builder(SCHEMA);
        for (int i = 0; i < count; i++) {
            b.addRow(imageId, i, (long) i * 1000, base + i, i % 2 == 0, "row " + i);
        }
        return b.build();
    }

    @Test
    void tablesRoundTripWithNullsEmptyStringsUnicodeAndNaN() {
        Table t = Table.builder(SCHEMA)
                .addRow("a", 1, 5L, 0.25, true, "µm/s ✓ ünïcode")
                .addRow("a", null, null, Double.NaN, null, "")
                .addRow("b", 3, Long.MAX_VALUE, -1e300, false, null)
                .build();
        try (ZarrDataset ds = ZarrDataset.open(tmp.resolve("t.zarr"), OpenMode.APPEND)) {
            ds.saveTable("kym_test", t);
            assertEquals(List.of("kym_test"), ds.listTableNames());
            assertEquals(t, ds.loadTable("kym_test"));
            assertEquals(new TableInfo("kym_test", SCHEMA, 3), ds.describeTable("kym_test"), "the footer alone gives schema and rows");
            ZarrImageRecord r = ds.addImage(NdArray.ofUint8(new byte[4], 2, 2));
            r.saveTableArtifact("per_image/stats", t);
            assertEquals(t, r.loadTableArtifact("per_image/stats"));
            r.saveCsvGz("stats", t);
            Table csv = r.loadCsvGz("stats");
            assertEquals(t.rowCount(), csv.rowCount());
            assertEquals("µm/s ✓ ünïcode", csv.getString("note", 0));
            assertEquals("", csv.getString("note", 1));
            assertTrue(csv.isNull("note", 2));
            r.saveJson("params", Map.of("window", 16, "names", List.of("a", "b")));
            assertEquals(Map.of("window", 16, "names", List.of("a", "b")), r.loadJson("params"));
            r.saveArrayArtifact("profile", NdArray.ofFloat32(new float[] {1, 2, 3}, 3), List.of("x"));
            assertEquals(NdArray.ofFloat32(new float[] {1, 2, 3}, 3), r.loadArrayArtifact("profile"));
            assertEquals(List.of("profile"), r.listArrayArtifacts());
            assertEquals(2, r.deleteAnalysis(".parquet", ".csv.gz"));
            assertEquals(List.of("params.json"), r.listAnalysisKeys());
        }
    }

    @Test
    void duckDbReadsOurParquetWithTheRightTypesNullsAndValues() throws Exception {
        Table t = Table.builder(SCHEMA)
                .addRow("img-1", 1, 5L, 0.25, true, "µm/s ✓")
                .addRow("img-1", null, null, Double.NaN, null, "")
                .addRow("img-2", 3, -7L, 1e-5, false, null)
                .build();
        try (ZarrDataset ds = ZarrDataset.open(tmp.resolve("duck.zarr"), OpenMode.APPEND)) {
            ds.saveTable("kym_duck", t);
        }
        String file = tmp.resolve("duck.zarr/tables/kym_duck.parquet").toString().replace("'", "''");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            Map<String, String> types = new LinkedHashMap<>();
            try (ResultSet rs = s.executeQuery("DESCRIBE SELECT * FROM read_parquet('" + file + "')")) {
                while (rs.next()) {
                    types.put(rs.getString("column_name"), rs.getString("column_type"));
                }
            }
            assertEquals(Map.of("image_id", "VARCHAR", "roi_id", "INTEGER", "n", "BIGINT", "velocity", "DOUBLE",
                    "ok", "BOOLEAN", "note", "VARCHAR"), types);
            try (ResultSet rs = s.executeQuery("SELECT count(*), count(roi_id), count(n), count(ok), count(note),"
                    + " sum(CASE WHEN note = '' THEN 1 ELSE 0 END), sum(CASE WHEN isnan(velocity) THEN 1 ELSE 0 END)"
                    + " FROM read_parquet('" + file + "')")) {
                rs.next();
                assertEquals(3, rs.getInt(1), "rows");
                assertEquals(2, rs.getInt(2), "non-null roi_id");
                assertEquals(2, rs.getInt(3), "non-null n");
                assertEquals(2, rs.getInt(4), "non-null ok");
                assertEquals(2, rs.getInt(5), "non-null note: the empty string is not a null");
                assertEquals(1, rs.getInt(6), "one empty string");
                assertEquals(1, rs.getInt(7), "NaN is kept as a value");
            }
            try (ResultSet rs = s.executeQuery("SELECT note, n, velocity FROM read_parquet('" + file + "') WHERE image_id = 'img-1' AND roi_id = 1")) {
                rs.next();
                assertEquals("µm/s ✓", rs.getString(1));
                assertEquals(5L, rs.getLong(2));
                assertEquals(0.25, rs.getDouble(3));
            }
            try (ResultSet rs = s.executeQuery("SELECT compression FROM parquet_metadata('" + file + "') LIMIT 1")) {
                rs.next();
                assertEquals("ZSTD", rs.getString(1));
            }
        }
    }

    @Test
    void replaceRowsDropsOnlyTheReplacedImagesAndUnitesColumns() {
        try (ZarrDataset ds = ZarrDataset.inMemory()) {
            ds.replaceRowsForImageIds("kym_x", new LinkedHashMap<>(Map.of("a", rows("a", 3, 0))));
            ds.replaceRowsForImageId("kym_x", "b", rows("b", 2, 100));
            Table newA = Table.columnBuilder().addStrings("image_id", "a").addDoubles("velocity", 9.5)
                    .addDoubles("extra", 1.0).build();
            ds.replaceRowsForImageId("kym_x", "a", newA);
            Table t = ds.loadTable("kym_x");
            assertEquals(3, t.rowCount());
            // rows are kept in image-id order, whatever order the replacements came in
            assertEquals(List.of("a", "b", "b"), List.of(t.getString("image_id", 0), t.getString("image_id", 1), t.getString("image_id", 2)));
            assertEquals(9.5, t.getDouble("velocity", 0));
            assertTrue(t.isNull("extra", 1), "missing on the old side becomes null");
            assertTrue(t.isNull("note", 0), "missing on the new side becomes null");
            // an empty table for an image removes its rows
            ds.replaceRowsForImageId("kym_x", "b", Table.empty(SCHEMA));
            assertEquals(1, ds.loadTable("kym_x").rowCount());
        }
    }

    @Test
    void replaceRowsErrorsLeaveTheTableAsItWas() {
        try (ZarrDataset ds = ZarrDataset.inMemory()) {
            ds.replaceRowsForImageId("kym_x", "a", rows("a", 3, 0));
            Table before = ds.loadTable("kym_x");
            Table noId = Table.columnBuilder().addDoubles("velocity", 1).build();
            IllegalArgumentException e1 = assertThrows(IllegalArgumentException.class, () -> ds.replaceRowsForImageId("kym_x", "a", noId));
            assertTrue(e1.getMessage().contains("image_id"), e1.getMessage());
            IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
                    () -> ds.replaceRowsForImageId("kym_x", "a", rows("b", 1, 0)));
            assertTrue(e2.getMessage().contains("image_id b"), e2.getMessage());
            Table clash = Table.columnBuilder().addStrings("image_id", "c").addStrings("velocity", "fast").build();
            IllegalArgumentException e3 = assertThrows(IllegalArgumentException.class, () -> ds.replaceRowsForImageId("kym_x", "c", clash));
            assertTrue(e3.getMessage().contains("'velocity'"), e3.getMessage());
            assertEquals(before, ds.loadTable("kym_x"));
        }
    }
}
