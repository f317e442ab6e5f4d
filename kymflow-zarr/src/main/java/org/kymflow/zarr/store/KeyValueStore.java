package org.kymflow.zarr.store;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The seam under a dataset: keys are {@code /}-separated relative paths, values are bytes.
 *
 * <p>Everything above this interface is written once; a directory store serves real datasets, an
 * in-memory store serves tests and embedding, and an object store can be added later. Contract:
 * <ul>
 *   <li>{@link #put} is atomic and durable: a reader, or a crash, sees the old value or the new one, never
 *       a torn one ({@link WriteMode#ATOMIC} puts skip forcing to disk, for chunks);
 *   <li>{@link #get} of a missing key is empty, never an exception;
 *   <li>{@link #lockForWriting} gives at most one writer at a time; readers never take the lock.
 * </ul>
 */
public interface KeyValueStore extends Closeable {
    /**
     * @param key a key
     * @return the value, or empty when there is none
     * @throws IOException when the value exists but cannot be read
     */
    Optional<byte[]> get(String key) throws IOException;

    /**
     * Stores a value atomically, creating parent folders as needed.
     *
     * @param key a key
     * @param value the bytes
     * @throws IOException when the write fails; the old value is then still in place
     */
    void put(String key, byte[] value) throws IOException;

    /**
     * Stores a value atomically with the given durability; stores without the distinction make every
     * put {@link WriteMode#DURABLE}.
     *
     * @param key a key
     * @param value the bytes
     * @param mode how hard to work to survive a crash
     * @throws IOException when the write fails; the old value is then still in place
     */
    default void put(String key, byte[] value, WriteMode mode) throws IOException {
        put(key, value);
    }

    /**
     * @param key a key
     * @return whether a value (not a folder) exists under that key
     * @throws IOException when the store cannot be asked
     */
    boolean exists(String key) throws IOException;

    /**
     * Deletes one value.
     *
     * @param key a key
     * @return whether something was deleted
     * @throws IOException when the delete fails
     */
    boolean delete(String key) throws IOException;

    /**
     * Deletes every value under a prefix, and the prefix's folders.
     *
     * @param prefix a folder-like prefix, without trailing slash; never "" (the whole store)
     * @throws IllegalArgumentException when the prefix is "" (every store refuses to delete itself this way)
     * @throws IOException when a delete fails
     */
    void deletePrefix(String prefix) throws IOException;

    /**
     * Moves every value under one prefix to another, which must not exist yet. Stores that can (a folder
     * rename) do it atomically; the default copies, then deletes the source.
     *
     * @param from an existing folder-like prefix
     * @param to a prefix that does not exist yet
     * @throws IOException when the move fails, or {@code to} exists
     */
    default void movePrefix(String from, String to) throws IOException {
        if (isFolder(to) || exists(to)) {
            throw new IOException("cannot move " + describe(from) + " to " + describe(to) + ": the target exists");
        }
        copyPrefix(from, to);
        deletePrefix(from);
    }

    private void copyPrefix(String from, String to) throws IOException {
        for (String child : listChildren(from)) {
            String source = from + "/" + child;
            if (exists(source)) {
                put(to + "/" + child, get(source).orElseThrow(() -> new IOException(describe(source) + " vanished during a move")));
            } else {
                copyPrefix(source, to + "/" + child);
            }
        }
    }

    /**
     * Opens a value for positional reads. The default reads it whole into memory; stores backed by files
     * read only the parts asked for.
     *
     * @param key a key
     * @return the open value, or empty when there is none
     * @throws IOException when it exists but cannot be opened
     */
    default Optional<ReadableValue> open(String key) throws IOException {
        return get(key).map(ReadableValue::of);
    }

    /**
     * Starts writing a value as a stream; nothing is visible under the key until the commit. The
     * default gathers the bytes in memory and {@link #put}s them.
     *
     * @param key a key
     * @return the staged value; close it (committed or not) when done
     * @throws IOException when it cannot be started
     */
    default StagedValue stage(String key) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        return new StagedValue() {
            @Override
            public java.io.OutputStream stream() {
                return bytes;
            }

            @Override
            public void commit() throws IOException {
                put(key, bytes.toByteArray());
            }

            @Override
            public void close() {
                // the bytes are dropped with this object
            }
        };
    }

    /**
     * An opaque token that changes whenever the value under the key is replaced, so a writer can tell
     * that someone else changed a file between its read and its commit.
     *
     * @param key a key
     * @return the token, or empty when there is no value
     * @throws IOException when the store cannot be asked
     */
    Optional<String> version(String key) throws IOException;

    /**
     * A token over every value under a prefix and its {@link #version}: two tokens differ when a value was
     * added, removed or replaced in between (up to a hash collision, about one in 2^64). Reads no value.
     * Stores that can list and inspect in one pass override this.
     *
     * @param prefix a folder-like prefix ("" for the root), without trailing slash
     * @return the token
     * @throws IOException when the store cannot be asked
     */
    default String versionSignature(String prefix) throws IOException {
        StringBuilder all = new StringBuilder();
        appendVersions(prefix, all);
        return Integer.toHexString(all.toString().hashCode()) + ":" + all.length();
    }

    /**
     * {@link #versionSignature} of each folder directly under a prefix, by its name: which of many
     * records changed, from one pass.
     *
     * @param prefix a folder-like prefix, without trailing slash
     * @return folder name to its token
     * @throws IOException when the store cannot be asked
     */
    default java.util.Map<String, String> versionSignatures(String prefix) throws IOException {
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        for (String child : listChildren(prefix)) {
            String key = prefix.isEmpty() ? child : prefix + "/" + child;
            if (isFolder(key)) {
                out.put(child, versionSignature(key));
            }
        }
        return out;
    }

    private void appendVersions(String prefix, StringBuilder out) throws IOException {
        for (String child : listChildren(prefix)) {
            String key = prefix.isEmpty() ? child : prefix + "/" + child;
            if (isFolder(key)) {
                appendVersions(key, out);
            } else {
                out.append(key).append('=').append(version(key).orElse("-")).append('\n');
            }
        }
    }

    /**
     * @param prefix a folder-like prefix ("" for the root), without trailing slash
     * @return the names (not full keys) of the values and sub-folders directly under it, sorted
     * @throws IOException when the listing fails
     */
    List<String> listChildren(String prefix) throws IOException;

    /**
     * @param prefix a folder-like prefix ("" for the root)
     * @return whether a folder (a prefix with something below it; the root always) exists under that
     *     name; false for a value, and false when nothing is there
     * @throws IOException when the store cannot be asked
     */
    boolean isFolder(String prefix) throws IOException;

    /**
     * Takes the exclusive writer lock of the store.
     *
     * @return a handle that releases the lock when closed, and tells whether it is still held
     * @throws IOException when the lock is held by another writer (message says so) or cannot be taken
     */
    WriterLock lockForWriting() throws IOException;

    /**
     * @param key a key
     * @return where that key lives, for error messages (a file path for a directory store)
     */
    String describe(String key);

    /**
     * The keys directly under a folder that an interrupted {@link #put} or {@link #stage} left behind
     * (temporary files of a process killed before its atomic move). Only a writer that holds the lock may
     * {@link #delete} them: no other put can be under way then.
     *
     * @param prefix the folder ("" for the root)
     * @return the leftovers' keys, sorted; empty for stores whose puts leave nothing (the default)
     * @throws IOException when the folder cannot be listed
     */
    default List<String> listLeftovers(String prefix) throws IOException {
        return List.of();
    }
}
