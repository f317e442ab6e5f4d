package org.kymflow.zarr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kymflow.table.Table;

/** Bad input gets a clear error naming the file and the cause, and loses nothing. */
class TestBadInput {
    @TempDir
    Path tmp;

    private String datasetWithOneImage(Path root) {
        try (ZarrDataset ds = ZarrDataset.open(root, OpenMode.WRITE)) {
            ZarrImageRecord r = ds.addImage(TestArrays.randomArray(DType.UINT16, 5, 600, 40));
            ds.saveTable("kym_t", TestTables.rows(r.imageId(), 4, 0));
            return r.imageId();
        }
    }

    private static void assertMessage(Throwable e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "message lacks '" + part + "': " + e.getMessage());
        }
    }

    @Test
    void missingAndCorruptZarrayNameTheFile() throws Exception {
        Path root = tmp.resolve("d.zarr");
        String id = datasetWithOneImage(root);
        Path zarray = root.resolve("images/" + id + "/data/.zarray");
        String good = Files.readString(zarray);
        Files.delete(zarray);
        try (ZarrDataset ds = ZarrDataset.open(root, OpenMode.READ)) {
            ZarrException e = assertThrows(ZarrException.class, () -> ds.record(id).loadArray());
            assertMessage(e, ".zarray", "missing", id);
            assertEquals(1, ds.validate().size());
        }
        Files.writeString(zarray, good.substring(0, good.length() / 2));
        try (ZarrDataset ds = ZarrDataset.open(root, OpenMode.READ)) {
            ZarrException e = assertThrows(ZarrException.class, () -> ds.record(id).loadArray());
            assertMessage(e, zarray.toString(), "invalid JSON");
        }
    }

    @Test
    void unsupportedArrayFeaturesNameTheArrayAndTheFeature() throws Exception {
        Path root = tmp.resolve("d.zarr");
        String id = datasetWithOneImage(root);
        Path zarray = root.resolve("images/" + id + "/data/.zarray");
        String good = Files.readString(zarray);
        Map<String, String> cases = Map.of(
                "\"order\": \"F\"", "order F",
                "\"filters\": [{\"id\": \"delta\", \"dtype\": \"<u2\"}]", "filters",
                "\"dtype\": \">u2\"", "big-endian",
                "\"dtype\": \"<c8\"", "unsupported dtype <c8",
                "\"compressor\": {\"id\": \"lzma\"}", "unsupported compressor id 'lzma'");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            String key = c.getKey().substring(0, c.getKey().indexOf(':'));
            String bad = good.replaceAll("(?s)" + java.util.regex.Pattern.quote(key) + ": (\\{[^}]*\\}|\"[^\"]*\"|null)", 
                    java.util.regex.Matcher.quoteReplacement(c.getKey()));
            Files.writeString(zarray, bad);
            try (ZarrDataset ds = ZarrDataset.open(root, OpenMode.READ)) {
                ZarrException e = assertThrows(ZarrException.class, () -> ds.record(id).arrayInfo(), c.getKey());
                assertMessage(e, zarray.toString(), c.getValue());
            }
        }
    }

    @Test
    void truncatedChunkNamesTheChunkFile() throws Exception {
        Path root = tmp.resolve("d.zarr");
        String id = datasetWithOneImage(root);
        Path chunk = root.resolve("images/" + id + "/data/1.0");
        byte[] bytes = Files.readAllBytes(chunk);
        Files.write(chunk, java.util.Arrays.copyOf(bytes, bytes.length - 10));
        try (ZarrDataset ds = ZarrDataset.open(root, OpenMode.READ)) {
            ZarrException e = assertThrows(ZarrException.class, () -> ds.record(id).loadArray());
            assertMessage(e, chunk.toString(), "truncated");
            // the chunk that is intact still reads
            assertEquals(100, ds.record(id).readRegion(new long[] {0, 0}, new int[] {100, 40}).shape()[0]);
            List<String> problems = ds.validateImage(id);
            assertEquals(1, problems.size(), problems.toString());
        }
    }

    @Test
    void missingOrCorruptRootAttrsAreClearErrors() throws Exception {
        Path root = tmp.resolve("d.zarr");
        datasetWithOneImage(root);
        Files.writeString(root.resolve(".zattrs"), "{not json");
        ZarrException corrupt = assertThrows(ZarrException.class, () -> ZarrDataset.open(root, OpenMode.READ));
        assertMessage(corrupt, root.resolve(".zattrs").toString(), "invalid JSON");
        Files.delete(root.resolve(".zattrs"));
        ZarrException missing = assertThrows(ZarrException.class, () -> ZarrDataset.open(root, OpenMode.APPEND));
        assertMessage(missing, ".zattrs", "missing");
        assertThrows(ZarrException.class, () -> ZarrDataset.open(tmp.resolve("nowhere.zarr"), OpenMode.READ));
    }

    @Test
    void writeModeNeverDeletesAFolderThatIsNotADataset() throws Exception {
        Path folder = tmp.resolve("precious");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("thesis.txt"), "years of work");
        ZarrException e = assertThrows(ZarrException.class, () -> ZarrDataset.open(folder, OpenMode.WRITE));
        assertMessage(e, "refusing");
        assertEquals("years of work", Files.readString(folder.resolve("thesis.txt")));
    }

    @Test
    void corruptParquetNamesTheFileAndOtherTablesStillRead() throws Exception {
        Path root = tmp.resolve("d.zarr");
        String id = datasetWithOneImage(root);
        try (ZarrDataset ds = ZarrDataset.open(root, OpenMode.APPEND)) {
            ds.saveTable("kym_other", TestTables.rows(id, 2, 1));
        }
        Path file = root.resolve("tables/kym_t.parquet");
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        try (ZarrDataset ds = ZarrDataset.open(root, OpenMode.READ)) {
            ZarrException e = assertThrows(ZarrException.class, () -> ds.loadTable("kym_t"));
            assertMessage(e, file.toString(), "Parquet");
            assertEquals(2, ds.loadTable("kym_other").rowCount());
            TableNotFoundException absent = assertThrows(TableNotFoundException.class, () -> ds.loadTable("kym_absent"));
            assertEquals("kym_absent", absent.tableName());
            assertTrue(absent.location().endsWith("kym_absent.parquet"), absent.location());
            ImageNotFoundException noImage = assertThrows(ImageNotFoundException.class, () -> ds.record("not-an-image"));
            assertEquals("not-an-image", noImage.imageId());
            assertMessage(noImage, "no image 'not-an-image'", root.toString());
        }
    }

    @Test
    void badNamesAreRefused() {
        try (ZarrDataset ds = ZarrDataset.inMemory()) {
            ZarrImageRecord r = ds.addImage(NdArray.ofUint8(new byte[4], 2, 2));
            assertMessage(assertThrows(IllegalArgumentException.class, () -> r.saveJson("../escape", Map.of())), "'..'");
            assertMessage(assertThrows(IllegalArgumentException.class, () -> r.saveJson("a/../../b", Map.of())), "'..'");
            assertMessage(assertThrows(IllegalArgumentException.class, () -> r.saveJson("/etc/passwd", Map.of())), "absolute");
            assertMessage(assertThrows(IllegalArgumentException.class, () -> ds.saveTable("   ", Table.empty(TestTables.SCHEMA))),
                    "normalises to nothing");
            assertMessage(assertThrows(IllegalArgumentException.class, () -> ds.saveTable("a/b", Table.empty(TestTables.SCHEMA))), "'/'");
            assertEquals("my_table_1", Names.normalizeId("  my table#1 "));
            assertEquals("a/b_c", Names.normalizeId("\\a\\b..c/"));
            assertEquals(List.of(), ds.listTableNames());
        }
    }

    @Test
    void readModeRefusesEveryWrite() throws Exception {
        Path root = tmp.resolve("d.zarr");
        String id = datasetWithOneImage(root);
        try (ZarrDataset ds = ZarrDataset.open(root, OpenMode.READ)) {
            ZarrImageRecord r = ds.record(id);
            assertThrows(ReadOnlyDatasetException.class, () -> ds.addImage(NdArray.ofUint8(new byte[1], 1, 1)));
            assertThrows(ReadOnlyDatasetException.class, () -> ds.saveTable("x", Table.empty(TestTables.SCHEMA)));
            assertThrows(ReadOnlyDatasetException.class, () -> ds.replaceRowsForImageId("kym_t", id, TestTables.rows(id, 1, 0)));
            assertThrows(ReadOnlyDatasetException.class, () -> ds.deleteImage(id));
            assertThrows(ReadOnlyDatasetException.class, ds::updateManifest);
            assertThrows(ReadOnlyDatasetException.class, () -> r.saveJson("x", Map.of()));
            assertThrows(ReadOnlyDatasetException.class, () -> r.saveMetadataPayload(Map.of()));
            assertThrows(ReadOnlyDatasetException.class, () -> r.saveArray(NdArray.ofUint8(new byte[1], 1, 1)));
            assertThrows(ReadOnlyDatasetException.class, () -> r.deleteAnalysis(".json"));
            ReadOnlyDatasetException e = assertThrows(ReadOnlyDatasetException.class,
                    () -> r.saveTableArtifact("t", Table.empty(TestTables.SCHEMA)));
            assertMessage(e, root.toString(), "read-only");
        }
    }

    @Test
    void aSecondWriterGetsAClearErrorAndReadersNeverBlock() throws Exception {
        Path root = tmp.resolve("d.zarr");
        datasetWithOneImage(root);
        try (ZarrDataset writer = ZarrDataset.open(root, OpenMode.APPEND)) {
            DatasetLockedException e = assertThrows(DatasetLockedException.class, () -> ZarrDataset.open(root, OpenMode.APPEND));
            assertMessage(e, root.toString(), "already open for writing");
            try (ZarrDataset reader = ZarrDataset.open(root, OpenMode.READ)) {
                assertEquals(4, reader.loadTable("kym_t").rowCount());
            }
            assertEquals(1, writer.listImageIds().size());
        }
        // released on close: a new writer can open
        ZarrDataset.open(root, OpenMode.APPEND).close();
        // and from another process the lock holds too
        try (ZarrDataset writer = ZarrDataset.open(root, OpenMode.APPEND)) {
            Process p = javaChild("lock", root.toString());
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(3, p.exitValue(), out);
            assertTrue(out.contains("already open for writing by another process"), out);
            assertTrue(out.contains("(pid " + ProcessHandle.current().pid() + " since "), "says who holds it: " + out);
        }
    }

    @Test
    void aProcessKilledDuringTableWritesLeavesTheOldTableReadable() throws Exception {
        Path root = tmp.resolve("d.zarr");
        String id = datasetWithOneImage(root);
        Table before;
        try (ZarrDataset ds = ZarrDataset.open(root, OpenMode.READ)) {
            before = ds.loadTable("kym_t");
        }
        Process p = javaChild("rewrite", root.toString(), id);
        String started = new String(p.getInputStream().readNBytes(8), StandardCharsets.UTF_8);
        assertEquals("STARTED\n", started);
        Thread.sleep(1500); // mid-way through one of many multi-megabyte rewrites
        p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        try (ZarrDataset ds = ZarrDataset.open(root, OpenMode.READ)) {
            Table after = ds.loadTable("kym_t");
            assertTrue(after.equals(before) || after.rowCount() == ChildProcess.BIG_ROWS,
                    "the table is the old one or a complete new one, never torn: " + after.rowCount() + " rows");
            assertEquals(List.of("kym_t"), ds.listTableNames(), "temporary files are never listed as tables");
        }
        try (Stream<Path> files = Files.list(root.resolve("tables"))) {
            files.filter(f -> f.getFileName().toString().startsWith(".tmp-")).forEach(f -> {
                // an interrupted temporary may remain; it must not be mistaken for a table (checked above)
            });
        }
        try (ZarrDataset ds = ZarrDataset.open(root, OpenMode.APPEND)) {
            ds.saveTable("kym_t", before); // the lock died with the process
        }
    }

    private Process javaChild(String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                ChildProcess.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }
}
