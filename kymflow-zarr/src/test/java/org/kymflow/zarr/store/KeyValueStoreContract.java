package org.kymflow.zarr.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The KeyValueStore contract, as a suite every backend subclasses (as N5's {@code AbstractKeyValueAccessTest}
 * and Lucene's {@code BaseDirectoryTestCase}): a new store, an object store say, passes these or is not a
 * store. Each test asks for a fresh store by name.
 */
public abstract class KeyValueStoreContract {
    /**
     * @param name a name unique within one test class, for stores that need a place of their own
     * @return a new, empty store
     */
    protected abstract KeyValueStore newStore(String name);

    /** UTF-8 bytes of a string, for values. */
    protected static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void getPutExistsDeleteAndOverwrite() throws IOException {
        KeyValueStore store = newStore("basic");
        assertTrue(store.get("a/b/c").isEmpty(), "missing keys are empty, not errors");
        assertFalse(store.exists("a/b/c"));
        store.put("a/b/c", bytes("one"));
        assertArrayEquals(bytes("one"), store.get("a/b/c").orElseThrow());
        assertTrue(store.exists("a/b/c"));
        assertTrue(store.isFolder("a") && store.isFolder("a/b"));
        assertFalse(store.exists("a/b"), "a folder is not a value");
        store.put("a/b/c", bytes("two"), WriteMode.ATOMIC);
        assertArrayEquals(bytes("two"), store.get("a/b/c").orElseThrow());
        byte[] given = bytes("three");
        store.put("a/x", given);
        given[0] = 'X';
        assertArrayEquals(bytes("three"), store.get("a/x").orElseThrow(), "the store keeps its own copy");
        assertTrue(store.delete("a/x"));
        assertFalse(store.delete("a/x"));
    }

    @Test
    void listChildrenIsSortedAndDirect() throws IOException {
        KeyValueStore store = newStore("list");
        for (String key : List.of("t/b.parquet", "t/a.parquet", "t/sub/deep", "u/x", ".zgroup")) {
            store.put(key, bytes(key));
        }
        assertEquals(List.of("a.parquet", "b.parquet", "sub"), store.listChildren("t"));
        assertEquals(List.of(".zgroup", "t", "u"), store.listChildren(""));
        assertEquals(List.of(), store.listChildren("nothing"));
        store.deletePrefix("t");
        assertEquals(List.of(), store.listChildren("t"));
        assertFalse(store.isFolder("t"));
        assertTrue(store.exists("u/x"), "deletePrefix stays inside its prefix");
    }

    @Test
    void oneWriterAtATime() throws IOException {
        KeyValueStore store = newStore("lock");
        Closeable lock = store.lockForWriting();
        IOException second = assertThrows(IOException.class, store::lockForWriting);
        assertTrue(second.getMessage().contains("already open for writing"), second.getMessage());
        lock.close();
        store.lockForWriting().close();
    }

    /** Defect 4: the two stores disagreed on deletePrefix("") and on whether a value is a folder. */
    @Test
    void bothStoresKeepOneContractForTheRootAndForValues() throws IOException {
        KeyValueStore store = newStore("contract");
        store.put("a/b", bytes("v"));
        assertThrows(IllegalArgumentException.class, () -> store.deletePrefix(""));
        assertTrue(store.exists("a/b"), "a refused deletePrefix deletes nothing");
        assertFalse(store.isFolder("a/b"), "a value is not a folder");
        assertFalse(store.isFolder("nothing"));
        assertTrue(store.isFolder("a") && store.isFolder(""));
    }

    @Test
    void movePrefixMovesEverythingAndVersionsChangeOnEveryPut() throws IOException {
        KeyValueStore store = newStore("move");
        store.put("x/.new-data/0.0", bytes("a"));
        store.put("x/.new-data/sub/k", bytes("b"));
        store.put("x/data/0.0", bytes("old"));
        assertThrows(IOException.class, () -> store.movePrefix("x/.new-data", "x/data"), "the target exists");
        store.movePrefix("x/.new-data", "x/fresh");
        assertArrayEquals(bytes("b"), store.get("x/fresh/sub/k").orElseThrow());
        assertFalse(store.isFolder("x/.new-data"));
        String v1 = store.version("x/fresh/0.0").orElseThrow();
        store.put("x/fresh/0.0", bytes("a"));
        assertFalse(v1.equals(store.version("x/fresh/0.0").orElseThrow()), "the same bytes written again are a new version");
        assertTrue(store.version("x/none").isEmpty());
    }

    @Test
    void describeNamesTheKey() {
        KeyValueStore store = newStore("describe");
        assertTrue(store.describe("images/x/.zarray").endsWith("images/x/.zarray"));
    }

    @Test
    void finishedPutsAndStagesLeaveNoLeftovers() throws IOException {
        KeyValueStore store = newStore("leftovers");
        store.put("t/a", bytes("a"), WriteMode.ATOMIC);
        store.put("t/b", bytes("b"));
        try (StagedValue staged = store.stage("t/c")) {
            staged.stream().write(bytes("c"));
            staged.commit();
        }
        assertEquals(List.of(), store.listLeftovers("t"), "only an interrupted write leaves a leftover");
        assertEquals(List.of("a", "b", "c"), store.listChildren("t"));
    }
}
