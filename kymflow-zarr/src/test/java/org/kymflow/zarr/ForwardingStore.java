package org.kymflow.zarr;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.kymflow.zarr.store.InMemoryStore;
import org.kymflow.zarr.store.KeyValueStore;
import org.kymflow.zarr.store.WriterLock;

/** An in-memory store that tests subclass to watch or break one operation (in the manner of Guava's Forwarding*). */
abstract class ForwardingStore implements KeyValueStore {
    final InMemoryStore inner = new InMemoryStore();

    @Override
    public Optional<byte[]> get(String key) throws IOException {
        return inner.get(key);
    }

    @Override
    public void put(String key, byte[] value) throws IOException {
        inner.put(key, value);
    }

    @Override
    public boolean exists(String key) {
        return inner.exists(key);
    }

    @Override
    public boolean delete(String key) {
        return inner.delete(key);
    }

    @Override
    public void deletePrefix(String prefix) {
        inner.deletePrefix(prefix);
    }

    @Override
    public void movePrefix(String from, String to) throws IOException {
        inner.movePrefix(from, to);
    }

    @Override
    public Optional<String> version(String key) {
        return inner.version(key);
    }

    @Override
    public List<String> listChildren(String prefix) {
        return inner.listChildren(prefix);
    }

    @Override
    public boolean isFolder(String prefix) {
        return inner.isFolder(prefix);
    }

    @Override
    public WriterLock lockForWriting() throws IOException {
        return inner.lockForWriting();
    }

    @Override
    public String describe(String key) {
        return inner.describe(key);
    }

    @Override
    public void close() {
    }
}
