package org.kymflow.zarr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kymflow.table.Table;

/** Streamed, image-ordered table rewrites: equal to writing the table at once, readable by DuckDB, bounded in memory. */
class TestTableRewrite {
    @TempDir
    Path tmp;

    private static String id(int k) {
        return String.format("img-%02d", k);
    }

    /** 40 images of 5,000 rows: more than one row group. */
    private static List<Table> images() {
        List<Table> out = new ArrayList<>();
        for (int k = 0; k < 40; k++) {
            out.add(TestTables.rows(id(k), 5000, k * 10.0));
        }
        return out;
    }

    @Test
    void aStreamedRewriteEqualsTheTableWrittenAtOnceAndDuckDbReadsIt() throws Exception {
        Path root = tmp.resolve("d.zarr");
        List<Table> images = images();
        try (ZarrDataset ds = ZarrDataset.open(root, OpenMode.WRITE)) {
            try (TableRewrite rewrite = ds.rewriteTable("kym_x", List.of("note"))) {
                for (int k = images.size() - 1; k >= 0; k--) { // staged in any order, written in image order
                    rewrite.put(id(k), images.get(k));
                }
                rewrite.commit(Set.of());
            }
            assertEquals(Table.concat(images), ds.loadTable("kym_x"));
            assertEquals(5000, ds.tableImageIndex("kym_x", List.of("note")).get(id(7)).rowCount());
            assertEquals("row 0", ds.tableImageIndex("kym_x", List.of("note")).get(id(7)).stamps().get("note"));
            assertEquals(TestTables.rows(id(12), 3, 120.0), ds.loadTableRows("kym_x", Set.of(id(12)), null, 3));
        }
        String file = root.resolve("tables/kym_x.parquet").toString();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT image_id), min(image_id), max(image_id) FROM read_parquet('" + file + "')")) {
                rs.next();
                assertEquals(200_000, rs.getLong(1));
                assertEquals(40, rs.getLong(2));
                assertEquals(id(0), rs.getString(3));
                assertEquals(id(39), rs.getString(4));
            }
            try (ResultSet rs = s.executeQuery("SELECT count(DISTINCT row_group_id) FROM parquet_metadata('" + file + "')")) {
                rs.next();
                assertTrue(rs.getLong(1) >= 2, "row groups: " + rs.getLong(1));
            }
            // strings (ids, units) repeat and get dictionaries; measurements (doubles) rarely do and get none
            try (ResultSet rs = s.executeQuery("SELECT DISTINCT path_in_schema, type, encodings, compression FROM parquet_metadata('" + file + "')")) {
                Set<String> seen = new HashSet<>();
                while (rs.next()) {
                    String column = rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3);
                    assertEquals("ZSTD", rs.getString(4), column);
                    if (rs.getString(2).equals("DOUBLE")) {
                        assertFalse(rs.getString(3).contains("DICTIONARY"), column);
                        seen.add("DOUBLE");
                    } else if (rs.getString(2).equals("BYTE_ARRAY")) {
                        assertTrue(rs.getString(3).contains("DICTIONARY"), column);
                        seen.add("BYTE_ARRAY");
                    }
                }
                assertEquals(Set.of("DOUBLE", "BYTE_ARRAY"), seen, "the table has both kinds of column");
            }
        }
    }

    /**
     * Staged rows stay in memory up to the budget and go to staging files after it; the commit reads both, in
     * image order, and a restaged image replaces its earlier rows wherever they were.
     */
    @Test
    void stagedRowsBeyondTheMemoryBudgetGoToFilesAndTheCommitReadsBoth() throws Exception {
        Path root = tmp.resolve("d.zarr");
        List<Table> images = new ArrayList<>();
        for (int k = 0; k < 5; k++) {
            images.add(TestTables.rows(id(k), 1000, k * 10.0));
        }
        long cellsPerImage = 1000L * images.get(0).schema().fields().size();
        try (ZarrDataset ds = ZarrDataset.open(root, OpenMode.WRITE)) {
            try (TableRewrite rewrite = ds.rewriteTable("kym_x", List.of()).memoryBudgetCells(2 * cellsPerImage + cellsPerImage / 2)) {
                for (int k : new int[] {3, 0, 4, 1, 2}) {
                    rewrite.put(id(k), images.get(k));
                }
                assertEquals(2, rewrite.stagedInMemory(), "images 3 and 0 fit the budget");
                assertEquals(3, stagingFiles(root).size(), "images 4, 1 and 2 went to files");
                rewrite.put(id(3), images.get(3)); // restaged in memory: the earlier copy's cells are given back
                assertEquals(2, rewrite.stagedInMemory());
                rewrite.put(id(4), TestTables.rows(id(4), 7, -1.0)); // small enough for the half image left
                assertEquals(3, rewrite.stagedInMemory());
                assertEquals(2, stagingFiles(root).size(), "image 4's file is gone");
                rewrite.put(id(4), images.get(4)); // too big again: back to a file, its small rows given back
                assertEquals(2, rewrite.stagedInMemory());
                assertEquals(3, stagingFiles(root).size());
                rewrite.commit(Set.of());
            }
            assertEquals(Table.concat(images), ds.loadTable("kym_x"));
            assertEquals(List.of(), stagingFiles(root), "the staging folder is gone after the commit");
        }
    }

    /** A restaged image whose staging file cannot be written keeps the rows it had staged before. */
    @Test
    void aFailedRestageKeepsTheImagesEarlierRows() {
        TestDatasetFailureModes.FailingStore store = new TestDatasetFailureModes.FailingStore();
        Table first = TestTables.rows(id(0), 50, 1.0);
        try (ZarrDataset ds = ZarrDataset.open(store, OpenMode.APPEND, "failing")) {
            try (TableRewrite rewrite = ds.rewriteTable("kym_x", List.of()).memoryBudgetCells(0)) { // every image to a file
                rewrite.put(id(0), first);
                store.failPutsUnder = ".parquet";
                assertThrows(ZarrException.class, () -> rewrite.put(id(0), TestTables.rows(id(0), 60, 2.0)));
                store.failPutsUnder = null;
                assertEquals(Set.of(id(0)), rewrite.stagedImageIds());
                rewrite.commit(Set.of());
            }
            assertEquals(first, ds.loadTable("kym_x"));
        }
    }

    private static List<Path> stagingFiles(Path root) throws java.io.IOException {
        try (java.util.stream.Stream<Path> files = Files.walk(root.resolve("tables"))) {
            return files.filter(p -> p.toString().contains(".staging-") && Files.isRegularFile(p)).toList();
        }
    }

    @Test
    void aPartialRewriteCopiesUntouchedRowGroupsAndReplacesOnlyTheGivenImages() {
        try (ZarrDataset ds = ZarrDataset.open(tmp.resolve("d.zarr"), OpenMode.WRITE)) {
            List<Table> images = images();
            try (TableRewrite rewrite = ds.rewriteTable("kym_x", List.of())) {
                for (int k = 0; k < images.size(); k++) {
                    rewrite.put(id(k), images.get(k));
                }
                rewrite.commit(Set.of());
            }
            Table replacement = TestTables.rows(id(17), 3, -1.0);
            Table added = TestTables.rows("img-41", 2, 7.0);
            Set<String> keep = new HashSet<>();
            for (int k = 0; k < 40; k++) {
                keep.add(id(k));
            }
            keep.remove(id(3)); // dropped
            int decoded;
            try (TableRewrite rewrite = ds.rewriteTable("kym_x", List.of())) {
                rewrite.put(id(17), replacement);
                rewrite.put("img-41", added);
                rewrite.commit(keep);
                decoded = rewrite.decodedOldGroups();
            }
            List<Table> expected = new ArrayList<>();
            for (int k = 0; k < 40; k++) {
                if (k != 3) {
                    expected.add(k == 17 ? replacement : images.get(k));
                }
            }
            expected.add(added);
            assertEquals(Table.concat(expected), ds.loadTable("kym_x"));
            int groups = countRowGroups(ds);
            assertTrue(decoded < groups, "only the groups around the changes are decoded: " + decoded + " of " + groups);
        }
    }

    private static int countRowGroups(ZarrDataset ds) {
        int[] groups = {0};
        ds.scanTable("kym_x", t -> groups[0]++);
        return groups[0];
    }

    @Test
    void aRewriteThatDiesLeavesTheOldTableAndItsStagedRowsAreRemovedNextTime() throws Exception {
        Path root = tmp.resolve("d.zarr");
        try (ZarrDataset ds = ZarrDataset.open(root, OpenMode.WRITE)) {
            ds.saveTable("kym_x", TestTables.rows("a", 4, 0));
            Table before = ds.loadTable("kym_x");
            try (TableRewrite rewrite = ds.rewriteTable("kym_x", List.of())) {
                rewrite.put("a", TestTables.rows("a", 1, 9));
                // no commit: closing discards
            }
            assertEquals(before, ds.loadTable("kym_x"));
            Path dead = root.resolve("tables/.staging-kym_x-dead-run");
            Files.createDirectories(dead);
            Files.writeString(dead.resolve("0.parquet"), "left by a killed run");
            ds.rewriteTable("kym_x", List.of()).close();
            assertFalse(Files.exists(dead), "a dead run's staged rows are removed by the next rewrite");
            assertEquals(List.of("kym_x"), ds.listTableNames());
        }
    }

    @Test
    void aTableNotLaidOutByImageIsRewrittenInImageOrder() {
        try (ZarrDataset ds = ZarrDataset.inMemory()) {
            ds.saveTable("kym_x", Table.concat(List.of(TestTables.rows("b", 2, 0), TestTables.rows("a", 2, 5), TestTables.rows("b", 1, 9))));
            try (TableRewrite rewrite = ds.rewriteTable("kym_x", List.of())) {
                rewrite.put("c", TestTables.rows("c", 1, 1));
                rewrite.commit(Set.of("a", "b"));
            }
            Table t = ds.loadTable("kym_x");
            List<String> order = new ArrayList<>();
            for (int r = 0; r < t.rowCount(); r++) {
                order.add(t.getString("image_id", r));
            }
            assertEquals(List.of("a", "a", "b", "b", "b", "c"), order);
            assertEquals(9.0, t.getDouble("velocity", 4));
        }
    }

    /**
     * A table larger than the heap: a child JVM with 40 MB reads parts of it (six images at once, as a run's
     * threads do), validates it and rewrites one image.
     */
    @Test
    void partialReadsAndRewritesRunInAHeapSmallerThanTheTable() throws Exception {
        Path root = tmp.resolve("big.zarr");
        try (ZarrDataset ds = ZarrDataset.open(root, OpenMode.WRITE);
             TableRewrite rewrite = ds.rewriteTable("kym_big", List.of())) {
            for (int k = 0; k < 100; k++) {
                rewrite.put(String.format("img-%03d", k), TestTables.rows(String.format("img-%03d", k), 20_000, k));
            }
            rewrite.commit(Set.of());
        }
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(javaBin, "-Xmx40m", "-cp", System.getProperty("java.class.path"),
                BoundedMemoryProbe.class.getName(), root.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("partial read 5 rows") && out.contains("six images read at once 120000 rows")
                && out.contains("validated 0 problems") && out.contains("rewrite committed 2000000 rows")
                && out.contains("whole table: OutOfMemoryError"), out);
    }

    @Test
    void rowsOfOneImageAreFoundInATableWhoseImageIdIsSometimesNull() throws Exception {
        // as the edit log holds them: an image's edits, and dataset-wide ones (params) without an image
        org.kymflow.table.Schema schema = org.kymflow.table.Schema.of(
                org.kymflow.table.Field.required("what", org.kymflow.table.ColumnType.STRING),
                org.kymflow.table.Field.of("image_id", org.kymflow.table.ColumnType.STRING));
        Table log = Table.builder(schema).addRow("rois", "img-a").addRow("params:radon", null).addRow("rois", "img-b").build();
        try (ZarrDataset ds = ZarrDataset.open(tmp.resolve("log.zarr"), OpenMode.WRITE)) {
            ds.saveTable("sys_log", log);
            Table mine = ds.loadTableRows("sys_log", Set.of("img-b"), null, Long.MAX_VALUE);
            assertEquals(1, mine.rowCount());
            assertEquals("img-b", mine.getString("image_id", 0));
        }
    }
}
