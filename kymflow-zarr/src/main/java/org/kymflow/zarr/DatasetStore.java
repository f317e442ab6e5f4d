package org.kymflow.zarr;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.kymflow.zarr.store.KeyValueStore;
import org.kymflow.zarr.store.ReadableValue;
import org.kymflow.zarr.store.StagedValue;
import org.kymflow.zarr.store.WriterLock;

/**
 * The store as one open dataset sees it: every call fails once the dataset is closed, every write fails
 * on a read-only dataset or when the writer lock was lost, and the unchecked helpers turn an IOException
 * into a {@link ZarrException} naming the file. {@link ZarrDataset}, {@link ZarrImageRecord} and
 * {@link ZarrArray} all go through it, so no path can skip a check.
 */
final class DatasetStore implements KeyValueStore {
    /** A reader holds no lock; its writes are refused before any lock is asked. */
    static final WriterLock NO_LOCK = new WriterLock() {
        @Override
        public void ensureValid() throws IOException {
            throw new IOException("a read-only dataset holds no writer lock");
        }

        @Override
        public void close() {
            // nothing held
        }
    };

    private final KeyValueStore store;
    private final String location;
    private final OpenMode mode;
    private final WriterLock lock;
    private final AtomicBoolean closed = new AtomicBoolean();

    DatasetStore(KeyValueStore store, String location, OpenMode mode, WriterLock lock) {
        this.store = store;
        this.location = location;
        this.mode = mode;
        this.lock = lock;
    }

    String location() {
        return location;
    }

    OpenMode mode() {
        return mode;
    }

    /** @return whether close was called before (and marks it closed) */
    boolean markClosed() {
        return !closed.compareAndSet(false, true);
    }

    void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("dataset " + location + " is closed; open it again to use it");
        }
    }

    void checkWritable(String action) {
        checkOpen();
        if (mode == OpenMode.READ) {
            throw new ReadOnlyDatasetException(location, action);
        }
        try {
            lock.ensureValid();
        } catch (IOException e) {
            throw new DatasetLockedException(location, e.getMessage(), e);
        }
    }

    // ---- KeyValueStore, guarded ----

    @Override
    public Optional<byte[]> get(String key) throws IOException {
        checkOpen();
        return store.get(key);
    }

    @Override
    public void put(String key, byte[] value) throws IOException {
        checkWritable("write " + store.describe(key));
        store.put(key, value);
    }

    @Override
    public void put(String key, byte[] value, org.kymflow.zarr.store.WriteMode writeMode) throws IOException {
        checkWritable("write " + store.describe(key));
        store.put(key, value, writeMode);
    }

    @Override
    public boolean exists(String key) throws IOException {
        checkOpen();
        return store.exists(key);
    }

    @Override
    public boolean delete(String key) throws IOException {
        checkWritable("delete " + store.describe(key));
        return store.delete(key);
    }

    @Override
    public void deletePrefix(String prefix) throws IOException {
        checkWritable("delete " + store.describe(prefix));
        store.deletePrefix(prefix);
    }

    @Override
    public void movePrefix(String from, String to) throws IOException {
        checkWritable("move " + store.describe(from));
        store.movePrefix(from, to);
    }

    @Override
    public Optional<String> version(String key) throws IOException {
        checkOpen();
        return store.version(key);
    }

    @Override
    public Optional<ReadableValue> open(String key) throws IOException {
        checkOpen();
        return store.open(key);
    }

    @Override
    public StagedValue stage(String key) throws IOException {
        checkWritable("write " + store.describe(key));
        StagedValue staged = store.stage(key);
        return new StagedValue() {
            @Override
            public java.io.OutputStream stream() {
                return staged.stream();
            }

            @Override
            public void commit() throws IOException {
                checkWritable("publish " + store.describe(key)); // the lock may have been lost while streaming
                staged.commit();
            }

            @Override
            public void close() throws IOException {
                staged.close();
            }
        };
    }

    @Override
    public List<String> listChildren(String prefix) throws IOException {
        checkOpen();
        return store.listChildren(prefix);
    }

    @Override
    public String versionSignature(String prefix) throws IOException {
        checkOpen();
        return store.versionSignature(prefix);
    }

    @Override
    public java.util.Map<String, String> versionSignatures(String prefix) throws IOException {
        checkOpen();
        return store.versionSignatures(prefix);
    }

    @Override
    public List<String> listLeftovers(String prefix) throws IOException {
        checkOpen();
        return store.listLeftovers(prefix);
    }

    @Override
    public boolean isFolder(String prefix) throws IOException {
        checkOpen();
        return store.isFolder(prefix);
    }

    @Override
    public WriterLock lockForWriting() {
        throw new UnsupportedOperationException("the dataset already holds the lock of " + location);
    }

    @Override
    public String describe(String key) {
        return store.describe(key);
    }

    @Override
    public void close() throws IOException {
        store.close();
    }

    // ---- unchecked helpers: the one place an IOException becomes a ZarrException naming the file ----

    Optional<byte[]> read(String key) {
        try {
            return get(key);
        } catch (IOException e) {
            throw new ZarrException("cannot read " + describe(key) + ": " + e.getMessage(), e);
        }
    }

    void write(String key, byte[] bytes) {
        try {
            put(key, bytes);
        } catch (IOException e) {
            throw new ZarrException("cannot write " + describe(key) + ": " + e.getMessage(), e);
        }
    }

    boolean has(String key) {
        try {
            return exists(key);
        } catch (IOException e) {
            throw new ZarrException("cannot look for " + describe(key) + ": " + e.getMessage(), e);
        }
    }

    boolean hasFolder(String prefix) {
        try {
            return isFolder(prefix);
        } catch (IOException e) {
            throw new ZarrException("cannot inspect " + describe(prefix) + ": " + e.getMessage(), e);
        }
    }

    List<String> list(String prefix) {
        try {
            return listChildren(prefix);
        } catch (IOException e) {
            throw new ZarrException("cannot list " + describe(prefix) + ": " + e.getMessage(), e);
        }
    }

    boolean remove(String key) {
        try {
            return delete(key);
        } catch (IOException e) {
            throw new ZarrException("cannot delete " + describe(key) + ": " + e.getMessage(), e);
        }
    }

    void removePrefix(String prefix) {
        try {
            deletePrefix(prefix);
        } catch (IOException e) {
            throw new ZarrException("cannot delete " + describe(prefix) + ": " + e.getMessage(), e);
        }
    }

    Optional<String> versionOf(String key) {
        try {
            return version(key);
        } catch (IOException e) {
            throw new ZarrException("cannot inspect " + describe(key) + ": " + e.getMessage(), e);
        }
    }
}
