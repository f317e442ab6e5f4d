package org.kymflow.zarr.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The KeyValueStore contract, checked on every implementation. */
class TestKeyValueStores {
    @TempDir
    static Path tmp;

    static Stream<Arguments> stores() {
        Function<String, KeyValueStore> memory = name -> new InMemoryStore();
        Function<String, KeyValueStore> directory = name -> new DirectoryStore(tmp.resolve(name));
        return Stream.of(Arguments.of("memory", memory), Arguments.of("directory", directory));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void getPutExistsDeleteAndOverwrite(String kind, Function<String, KeyValueStore> make) throws IOException {
        KeyValueStore store = make.apply(kind + "-basic");
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

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void listChildrenIsSortedAndDirect(String kind, Function<String, KeyValueStore> make) throws IOException {
        KeyValueStore store = make.apply(kind + "-list");
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

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void oneWriterAtATime(String kind, Function<String, KeyValueStore> make) throws IOException {
        KeyValueStore store = make.apply(kind + "-lock");
        Closeable lock = store.lockForWriting();
        IOException second = assertThrows(IOException.class, store::lockForWriting);
        assertTrue(second.getMessage().contains("already open for writing"), second.getMessage());
        lock.close();
        store.lockForWriting().close();
    }

    /** Defect 4: the two stores disagreed on deletePrefix("") and on whether a value is a folder. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void bothStoresKeepOneContractForTheRootAndForValues(String kind, Function<String, KeyValueStore> make) throws IOException {
        KeyValueStore store = make.apply(kind + "-contract");
        store.put("a/b", bytes("v"));
        assertThrows(IllegalArgumentException.class, () -> store.deletePrefix(""));
        assertTrue(store.exists("a/b"), "a refused deletePrefix deletes nothing");
        assertFalse(store.isFolder("a/b"), "a value is not a folder");
        assertFalse(store.isFolder("nothing"));
        assertTrue(store.isFolder("a") && store.isFolder(""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void movePrefixMovesEverythingAndVersionsChangeOnEveryPut(String kind, Function<String, KeyValueStore> make) throws IOException {
        KeyValueStore store = make.apply(kind + "-move");
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

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void describeNamesTheKey(String kind, Function<String, KeyValueStore> make) {
        KeyValueStore store = make.apply(kind + "-describe");
        assertTrue(store.describe("images/x/.zarray").endsWith("images/x/.zarray"));
    }

    @org.junit.jupiter.api.Test
    void directoryKeysCannotEscapeTheRootAndTemporariesAreNeverListed() throws IOException {
        DirectoryStore store = new DirectoryStore(tmp.resolve("escape"));
        assertThrows(IllegalArgumentException.class, () -> store.put("../outside", bytes("x")));
        store.put("t/a", bytes("a"));
        Files.writeString(tmp.resolve("escape/t/.tmp-a-123"), "half written");
        assertEquals(List.of("a"), store.listChildren("t"));
        assertThrows(IllegalArgumentException.class, () -> store.deletePrefix(""));
    }
}
