package org.kymflow.runtime;

import java.time.Duration;

/**
 * What one {@link KymDataset#updateIndex} run did.
 *
 * @param indexer the indexer name
 * @param table the table written, {@code kym_<indexer>}
 * @param analysisVersion the indexer's analysis version
 * @param images images processed
 * @param rows rows written
 * @param unchangedParamsImages images whose stored rows already had the same params hash and version
 *     (recomputed anyway: incremental mode is future work)
 * @param droppedImages images whose old rows were dropped because they are no longer in the dataset
 * @param readTime wall time spent reading the old table
 * @param extractTime wall time spent computing rows (all threads together as wall time)
 * @param writeTime wall time spent assembling and writing the table
 */
public record IndexReport(String indexer, String table, String analysisVersion, int images, long rows,
                          int unchangedParamsImages, int droppedImages, Duration readTime, Duration extractTime,
                          Duration writeTime) {
    /** @return the whole run's wall time */
    public Duration totalTime() {
        return readTime.plus(extractTime).plus(writeTime);
    }

    /** @return a few human lines */
    public String summary() {
        return String.format("%s -> tables/%s.parquet: %d images, %d rows (%d with unchanged params, %d dropped)%n"
                        + "  read %d ms, extract %d ms, write %d ms, total %d ms",
                indexer, table, images, rows, unchangedParamsImages, droppedImages, readTime.toMillis(),
                extractTime.toMillis(), writeTime.toMillis(), totalTime().toMillis());
    }
}
