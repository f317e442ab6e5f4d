package org.kymflow.zarr.store;

/** How hard a {@link KeyValueStore#put(String, byte[], WriteMode)} works to survive a crash. */
public enum WriteMode {
    /**
     * Atomic replace, forced to disk before it becomes visible: a process crash or a power loss leaves
     * the old value or the new one. For tables, JSON artifacts, attributes and the manifest.
     */
    DURABLE,
    /**
     * Atomic replace without forcing to disk, as zarr-python writes chunks: a process crash leaves the
     * old value or the new one; a power loss may leave a recently written chunk empty, which then reads
     * as a clear "truncated chunk" error, never as wrong pixels.
     */
    ATOMIC
}
