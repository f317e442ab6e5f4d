package org.kymflow.zarr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kymflow.table.Table;
import org.kymflow.zarr.codec.ChunkCodec;
import org.kymflow.zarr.codec.NoCompression;
import org.kymflow.zarr.store.InMemoryStore;

/** How the storage fails: closed datasets, truncated or missing chunks, interrupted pixel writes, a lost lock, absurd shapes. */
class TestDatasetFailureModes {
    @TempDir
    Path tmp;

    private static void assertMessage(Throwable e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage() != null && e.getMessage().contains(part), "message lacks '" + part + "': " + e.getMessage());
        }
    }

    /** Defect 1: a closed APPEND dataset wrote without its lock while a second writer held it. */
    @Test
    void aClosedDatasetRefusesEveryOperation() {
        Path root = tmp.resolve("d.zarr");
        ZarrDataset first = ZarrDataset.open(root, OpenMode.APPEND);
        ZarrImageRecord rec = first.addImage(TestArrays.randomArray(DType.UINT8, 1, 20, 10));
        first.close();
        try (ZarrDataset second = ZarrDataset.open(root, OpenMode.APPEND)) {
            Table t = TestTables.rows(rec.imageId(), 2, 0);
            assertMessage(assertThrows(IllegalStateException.class, () -> first.saveTable("kym_t", t)), "closed", root.toString());
            assertThrows(IllegalStateException.class, first::listImageIds);
            assertThrows(IllegalStateException.class, () -> rec.saveJson("x", Map.of("a", 1)));
            assertThrows(IllegalStateException.class, rec::loadArray);
            assertFalse(second.hasTable("kym_t"));
        }
    }

    /** Defect 2: a truncated uncompressed chunk crashed with a message-less ArrayIndexOutOfBoundsException. */
    @Test
    void aTruncatedUncompressedChunkIsReportedWithItsKey() throws Exception {
        InMemoryStore raw = new InMemoryStore();
        ZarrArray.create(raw, "a", new long[] {4, 4}, new int[] {2, 4}, DType.UINT16, NoCompression.INSTANCE)
                .write(new long[2], TestArrays.randomArray(DType.UINT16, 3, 4, 4));
        raw.put("a/1.0", Arrays.copyOf(raw.get("a/1.0").orElseThrow(), 5));
        ZarrException e = assertThrows(ZarrException.class, () -> ZarrArray.open(raw, "a").readAll());
        assertMessage(e, "a/1.0", "5 bytes", "16");

        Path root = tmp.resolve("d.zarr");
        String id;
        try (ZarrDataset ds = ZarrDataset.open(root, OpenMode.WRITE)) {
            id = ds.addImage(TestArrays.randomArray(DType.UINT16, 5, 600, 40)).imageId();
        }
        Path chunk = root.resolve("images/" + id + "/data/0.0");
        Files.write(chunk, Arrays.copyOf(Files.readAllBytes(chunk), 10));
        try (ZarrDataset ds = ZarrDataset.open(root, OpenMode.READ)) {
            List<String> problems = ds.validate();
            assertEquals(1, problems.size(), problems.toString());
            assertMessage(new IllegalStateException(problems.get(0)), chunk.toString(), id);
        }
    }

    /** Defect 3: saveArray deleted the old array first; a failure in between lost the image. */
    @Test
    void aFailedPixelWriteLeavesTheOldPixels() {
        FailingStore store = new FailingStore();
        try (ZarrDataset ds = ZarrDataset.open(store, OpenMode.APPEND, "failing")) {
            NdArray old = TestArrays.randomArray(DType.UINT16, 1, 1200, 40);
            ZarrImageRecord rec = ds.addImage(old);
            store.failPutsUnder = ".new-data/1.0"; // the second chunk of the new array
            NdArray replacement = TestArrays.randomArray(DType.UINT16, 2, 1200, 40);
            ZarrException e = assertThrows(ZarrException.class, () -> rec.saveArray(replacement));
            assertMessage(e, rec.imageId(), "previous pixels are still in place");
            assertEquals(old, ds.record(rec.imageId()).loadArray());
            store.failPutsUnder = null;
            rec.saveArray(replacement);
            assertEquals(replacement, ds.record(rec.imageId()).loadArray());
            assertEquals(List.of(), ds.validateImage(rec.imageId()));
        }
    }

    /** Defect 3, the other window: a crash between the two renames leaves the complete new array readable. */
    @Test
    void aCrashBetweenTheRenamesLeavesTheNewPixelsReadable() {
        FailingStore store = new FailingStore();
        try (ZarrDataset ds = ZarrDataset.open(store, OpenMode.APPEND, "failing")) {
            ZarrImageRecord rec = ds.addImage(TestArrays.randomArray(DType.UINT16, 1, 700, 40));
            NdArray replacement = TestArrays.randomArray(DType.UINT16, 2, 900, 40);
            store.failMovesFrom = ".new-data";
            assertThrows(ZarrException.class, () -> rec.saveArray(replacement));
            ZarrImageRecord again = ds.record(rec.imageId());
            assertEquals(replacement, again.loadArray());
            List<String> problems = ds.validateImage(rec.imageId());
            assertTrue(problems.stream().anyMatch(p -> p.contains("interrupted pixel write")), problems.toString());
            store.failMovesFrom = null;
            again.saveArray(replacement); // finishes the swap and cleans up
            assertEquals(List.of(), ds.validateImage(rec.imageId()));
        }
    }

    /** Defect 11: with the lock file deleted, a second writer got in and both wrote. */
    @Test
    void aWriterWhoseLockFileWasDeletedStopsWriting() throws Exception {
        Path root = tmp.resolve("d.zarr");
        try (ZarrDataset first = ZarrDataset.open(root, OpenMode.APPEND)) {
            ZarrImageRecord rec = first.addImage(TestArrays.randomArray(DType.UINT8, 1, 20, 10));
            Files.delete(root.resolve(".kymflow.lock"));
            try (ZarrDataset second = ZarrDataset.open(root, OpenMode.APPEND)) {
                second.saveTable("kym_second", TestTables.rows(rec.imageId(), 1, 0));
                DatasetLockedException e = assertThrows(DatasetLockedException.class,
                        () -> first.saveTable("kym_first", TestTables.rows(rec.imageId(), 1, 0)));
                assertMessage(e, ".kymflow.lock", "deleted or replaced");
                assertEquals(root.toString(), e.dataset());
            }
            assertFalse(Files.exists(root.resolve("tables/kym_first.parquet")));
        }
    }

    /** Defect 13: an absurd .zarray shape gave "integer overflow" without a file and aborted validate. */
    @Test
    void anOversizedShapeIsAProblemNamingTheZarray() throws Exception {
        Path root = tmp.resolve("d.zarr");
        String id;
        try (ZarrDataset ds = ZarrDataset.open(root, OpenMode.WRITE)) {
            id = ds.addImage(TestArrays.randomArray(DType.UINT16, 5, 60, 40)).imageId();
            ds.addImage(TestArrays.randomArray(DType.UINT16, 6, 60, 40));
        }
        Path zarray = root.resolve("images/" + id + "/data/.zarray");
        Files.writeString(zarray, Files.readString(zarray).replaceFirst("\"shape\": \\[\\s*60,\\s*40\\s*\\]",
                "\"shape\": [1000000000000000000, 1000000000000]"));
        try (ZarrDataset ds = ZarrDataset.open(root, OpenMode.READ)) {
            List<String> problems = ds.validate();
            assertEquals(1, problems.size(), problems.toString());
            assertMessage(new IllegalStateException(problems.get(0)), zarray.toString(), "too large");
        }
    }

    /** Defect 14: a half-written array and a shape that contradicts the metadata were accepted by validate. */
    @Test
    void validateFindsMissingChunksAndAShapeThatContradictsTheMetadata() throws Exception {
        Path root = tmp.resolve("d.zarr");
        String id;
        try (ZarrDataset ds = ZarrDataset.open(root, OpenMode.WRITE)) {
            ZarrImageRecord rec = ds.addImage(TestArrays.randomArray(DType.UINT16, 5, 1200, 40));
            rec.saveMetadataPayload(Map.of("header", Map.of("shape", List.of(1000, 40))));
            id = rec.imageId();
        }
        Files.delete(root.resolve("images/" + id + "/data/2.0"));
        try (ZarrDataset ds = ZarrDataset.open(root, OpenMode.READ)) {
            List<String> problems = ds.validate();
            assertEquals(2, problems.size(), problems.toString());
            assertTrue(problems.get(0).contains("data/2.0") && problems.get(0).contains("missing"), problems.get(0));
            assertTrue(problems.get(1).contains("[1200, 40]") && problems.get(1).contains("[1000, 40]"), problems.get(1));
        }
    }

    /** Defect 16: blosc chunks with bytes after their stated size (the z5 library writes 16) were refused. */
    @Test
    void bloscChunksWithTrailingBytesDecodeAndShortOnesAreRefused() throws Exception {
        InMemoryStore raw = new InMemoryStore();
        NdArray data = TestArrays.randomArray(DType.UINT16, 4, 64, 16);
        ZarrArray.create(raw, "a", new long[] {64, 16}, new int[] {64, 16}, DType.UINT16, ChunkCodec.pythonDefault())
                .write(new long[2], data);
        byte[] chunk = raw.get("a/0.0").orElseThrow();
        raw.put("a/0.0", Arrays.copyOf(chunk, chunk.length + 16));
        assertEquals(data, ZarrArray.open(raw, "a").readAll());
        raw.put("a/0.0", Arrays.copyOf(chunk, chunk.length - 1));
        assertMessage(assertThrows(ZarrException.class, () -> ZarrArray.open(raw, "a").readAll()), "a/0.0", "truncated");
    }

    /** Defect 7: not-found and lock exceptions keep their context in fields, not only in the message. */
    @Test
    void exceptionsCarryTheirContextInFields() {
        try (ZarrDataset ds = ZarrDataset.inMemory()) {
            ZarrImageRecord rec = ds.addImage(TestArrays.randomArray(DType.UINT8, 1, 4, 4));
            TableNotFoundException t = assertThrows(TableNotFoundException.class, () -> ds.loadTable("nope"));
            assertEquals("nope", t.tableName());
            assertEquals("memory", t.owner());
            ArtifactNotFoundException a = assertThrows(ArtifactNotFoundException.class, () -> rec.loadJson("absent"));
            assertEquals(rec.imageId(), a.imageId());
            assertEquals("absent", a.artifactName());
            MetadataNotFoundException m = assertThrows(MetadataNotFoundException.class, rec::loadMetadataPayload);
            assertEquals(rec.imageId(), m.imageId());
            assertTrue(m.location().endsWith("metadata.json"), m.location());
        }
        Path root = tmp.resolve("r.zarr");
        ZarrDataset.open(root, OpenMode.WRITE).close();
        try (ZarrDataset ds = ZarrDataset.open(root, OpenMode.READ)) {
            ReadOnlyDatasetException r = assertThrows(ReadOnlyDatasetException.class, () -> ds.deleteTable("x"));
            assertEquals(root.toString(), r.dataset());
            assertTrue(r.action().contains("'x'"), r.action());
        }
    }

    /** An in-memory store that fails puts or moves on demand, to stand in for a crash at a chosen point. */
    static final class FailingStore extends ForwardingStore {
        volatile String failPutsUnder;
        volatile String failMovesFrom;

        @Override
        public void put(String key, byte[] value) throws IOException {
            String fail = failPutsUnder;
            if (fail != null && key.endsWith(fail)) {
                throw new IOException("simulated disk failure writing " + key);
            }
            inner.put(key, value);
        }

        @Override
        public void movePrefix(String from, String to) throws IOException {
            String fail = failMovesFrom;
            if (fail != null && from.endsWith(fail)) {
                throw new IOException("simulated crash before moving " + from);
            }
            inner.movePrefix(from, to);
        }
    }
}
