package org.kymflow.zarr.store;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link KeyValueStore} held in memory: fast fixtures for tests, and datasets for embedding that are
 * never written to disk. Thread-safe; each {@link #put} replaces the whole value at once.
 */
public final class InMemoryStore implements KeyValueStore {
    private final ConcurrentSkipListMap<String, byte[]> values = new ConcurrentSkipListMap<>();
    private final AtomicBoolean locked = new AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicLong puts = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.Map<String, Long> versions = new java.util.concurrent.ConcurrentHashMap<>();

    /** Makes an empty store. */
    public InMemoryStore() {
    }

    @Override
    public Optional<byte[]> get(String key) {
        byte[] v = values.get(key);
        return v == null ? Optional.empty() : Optional.of(v.clone());
    }

    @Override
    public void put(String key, byte[] value) {
        values.put(key, value.clone());
        versions.put(key, puts.incrementAndGet());
    }

    @Override
    public boolean exists(String key) {
        return values.containsKey(key);
    }

    @Override
    public boolean delete(String key) {
        return values.remove(key) != null;
    }

    @Override
    public void deletePrefix(String prefix) {
        if (prefix.isEmpty()) {
            throw new IllegalArgumentException("refusing to delete the whole in-memory store through deletePrefix");
        }
        values.keySet().removeIf(k -> k.equals(prefix) || k.startsWith(prefix + "/"));
    }

    @Override
    public List<String> listChildren(String prefix) {
        String start = prefix.isEmpty() ? "" : prefix + "/";
        TreeSet<String> names = new TreeSet<>();
        for (String key : values.tailMap(start).keySet()) {
            if (!key.startsWith(start)) {
                break;
            }
            String rest = key.substring(start.length());
            int slash = rest.indexOf('/');
            names.add(slash < 0 ? rest : rest.substring(0, slash));
        }
        return new ArrayList<>(names);
    }

    @Override
    public boolean isFolder(String prefix) {
        // a folder is a prefix with values below it; a value itself is not one (as in DirectoryStore)
        if (prefix.isEmpty()) {
            return true;
        }
        String start = prefix + "/";
        String next = values.ceilingKey(start);
        return next != null && next.startsWith(start);
    }

    @Override
    public WriterLock lockForWriting() throws IOException {
        if (!locked.compareAndSet(false, true)) {
            throw new IOException("in-memory dataset is already open for writing");
        }
        AtomicBoolean held = new AtomicBoolean(true);
        return new WriterLock() {
            @Override
            public void ensureValid() throws IOException {
                if (!held.get()) {
                    throw new IOException("the in-memory dataset's writer lock was released");
                }
            }

            @Override
            public void close() {
                if (held.compareAndSet(true, false)) {
                    locked.set(false);
                }
            }
        };
    }

    @Override
    public synchronized void movePrefix(String from, String to) throws IOException {
        if (isFolder(to) || exists(to)) {
            throw new IOException("cannot move " + describe(from) + " to " + describe(to) + ": the target exists");
        }
        String start = from + "/";
        java.util.Map<String, byte[]> moved = new java.util.TreeMap<>();
        for (java.util.Map.Entry<String, byte[]> e : values.tailMap(start).entrySet()) {
            if (!e.getKey().startsWith(start)) {
                break;
            }
            moved.put(to + "/" + e.getKey().substring(start.length()), e.getValue());
        }
        deletePrefix(from);
        moved.forEach(this::put);
    }

    @Override
    public Optional<String> version(String key) {
        Long v = values.containsKey(key) ? versions.get(key) : null;
        return v == null ? Optional.empty() : Optional.of("put-" + v);
    }

    @Override
    public String describe(String key) {
        return "memory:/" + key;
    }

    @Override
    public void close() {
        // Values stay until the store is garbage; nothing to release.
    }
}
