package org.kymflow.api;

import java.util.Optional;

/**
 * What the host offers an indexer while it computes one image, as Trino's {@code ConnectorContext} offers a
 * connector its services: whether to stop, where to report progress, a logger, and the image's file name.
 * New services arrive as default methods, so an indexer compiled against an older API keeps working.
 */
public interface IndexerContext {
    /**
     * Whether the run no longer needs this image (cancelled, or the image took longer than its time
     * limit). A long computation checks it now and then and stops by throwing; its result is not used.
     *
     * @return true once the image's rows are no longer wanted
     */
    default boolean isCancelled() {
        return Thread.currentThread().isInterrupted();
    }

    /**
     * Reports how far this image's computation has got; hosts may show it, and may ignore it.
     *
     * @param fraction from 0 (started) to 1 (done)
     */
    default void progress(double fraction) {
    }

    /**
     * @return a logger for this indexer, which the host routes to its own logging (SLF4J in KymFlow)
     */
    default System.Logger logger() {
        return System.getLogger("kymflow.indexer");
    }

    /**
     * @return the image's source file name, as people know it, when the image came from a file
     */
    default Optional<String> fileName() {
        return Optional.empty();
    }

    /** @return a context that offers nothing beyond the defaults, for tests and callers outside a run */
    static IndexerContext none() {
        return new IndexerContext() {
        };
    }
}
