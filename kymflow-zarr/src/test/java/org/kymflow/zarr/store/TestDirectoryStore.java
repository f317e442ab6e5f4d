package org.kymflow.zarr.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/** The directory store: the KeyValueStore contract, and what only a folder on disk can get wrong. */
class TestDirectoryStore extends KeyValueStoreContract {
    @TempDir
    Path tmp;

    @Override
    protected KeyValueStore newStore(String name) {
        return new DirectoryStore(tmp.resolve(name));
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
