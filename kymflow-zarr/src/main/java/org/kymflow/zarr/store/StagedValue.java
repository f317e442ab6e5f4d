package org.kymflow.zarr.store;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A value being written as a stream, invisible under its key until {@link #commit()} publishes it
 * atomically; closing without a commit discards it. This is how a table larger than memory is written:
 * readers see the old value or the whole new one, never a part.
 */
public interface StagedValue extends Closeable {
    /** @return where to write the bytes; closed by {@link #commit()} or {@link #close()} */
    OutputStream stream();

    /**
     * Makes the written bytes the key's value, atomically (and durably, where the store can).
     *
     * @throws IOException when publishing fails; the old value is then still in place
     */
    void commit() throws IOException;

    /** Discards the bytes unless committed. */
    @Override
    void close() throws IOException;
}
