package org.kymflow.runtime;

import java.util.List;
import org.kymflow.table.Table;

/**
 * Where a run computes the rows of its stale images, when not in this process: a distributed runner (the
 * optional kymflow-spark module) computes them on other machines and hands them back, and the run commits
 * them exactly as it commits its own. The driver still decides staleness, adds the provenance columns,
 * commits the table once (atomic and streamed), writes the run markers and one run-log row; only
 * {@code extractRows} moves.
 *
 * <p>Set one with {@link IndexOptions.Builder#engine}; without one, a run computes in its own thread pool.
 */
public interface ExtractionEngine {
    /**
     * @return what the run log's {@code engine} column says, e.g. {@code spark (master local[2], 2 executors)}
     */
    String description();

    /**
     * Computes the rows of each image and hands them to the sink, in any order, from any thread, each image
     * once: either its rows or why it failed. Returns when every image has been handed over.
     *
     * @param imageIds the stale images, in id order
     * @param sink where the results go
     * @throws RuntimeException when the engine itself fails (not one image): the run then commits nothing
     */
    void extract(List<String> imageIds, Sink sink);

    /** Receives an engine's results. Thread-safe. */
    interface Sink {
        /**
         * @param imageId an image
         * @param rows what the indexer's {@code extractRows} returned for it, without provenance columns
         */
        void rows(String imageId, Table rows);

        /**
         * @param imageId an image
         * @param why the failure, as the single-machine run would report it (the exception and its message)
         */
        void failed(String imageId, String why);
    }
}
