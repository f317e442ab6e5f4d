package org.kymflow.zarr.store;

import java.io.Closeable;
import java.io.IOException;

/** The exclusive writer lock of a store, held until closed. */
public interface WriterLock extends Closeable {
    /**
     * Checks that this writer still holds the lock: a lock file deleted or replaced behind the writer's
     * back would let a second writer in, so every write asks first (as Lucene's locks do).
     *
     * @throws IOException naming the lock when it is no longer held
     */
    void ensureValid() throws IOException;
}
