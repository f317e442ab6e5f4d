package org.kymflow.runtime;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one {@link KymDataset#updateIndex} run did.
 *
 * @param indexer the indexer name
 * @param table the table, {@code kym_<indexer>}
 * @param mode the update mode
 * @param analysisVersion the indexer's analysis version
 * @param runId the run's id, as in the run log and the markers
 * @param status how the run ended
 * @param images images considered
 * @param computed images whose rows were computed and committed
 * @param skippedFresh images skipped because their rows were up to date
 * @param skippedZeroRows images skipped because their up-to-date result is "nothing found"
 * @param failed images that failed (with keep-going), each with its cause; they keep their old rows
 * @param droppedImages images whose rows were dropped because they are no longer in the dataset
 * @param rowsWritten rows computed in this run
 * @param stalenessTime wall time spent deciding what is stale
 * @param extractTime wall time spent computing rows
 * @param writeTime wall time spent committing tables and markers
 */
public record IndexReport(String indexer, String table, UpdateMode mode, String analysisVersion, String runId, RunStatus status,
                          int images, int computed, int skippedFresh, int skippedZeroRows, Map<String, String> failed,
                          int droppedImages, long rowsWritten, Duration stalenessTime, Duration extractTime,
                          Duration writeTime) {
    /**
     * Copies the failures.
     *
     * @param indexer see the record
     * @param table see the record
     * @param mode see the record
     * @param analysisVersion see the record
     * @param runId see the record
     * @param status see the record
     * @param images see the record
     * @param computed see the record
     * @param skippedFresh see the record
     * @param skippedZeroRows see the record
     * @param failed see the record
     * @param droppedImages see the record
     * @param rowsWritten see the record
     * @param stalenessTime see the record
     * @param extractTime see the record
     * @param writeTime see the record
     */
    public IndexReport {
        failed = Map.copyOf(failed);
    }

    /** @return the whole run's wall time */
    public Duration totalTime() {
        return stalenessTime.plus(extractTime).plus(writeTime);
    }

    /** @return a few human lines, naming images by id */
    public String summary() {
        return summary(id -> id);
    }

    /**
     * @param label how to name an image for people (its file name, say), from its id
     * @return a few human lines
     */
    public String summary(java.util.function.Function<String, String> label) {
        StringBuilder sb = new StringBuilder(String.format(
                "%s -> tables/%s.parquet (%s): %d images: %d computed, %d fresh, %d fresh with no rows, %d failed%s; %d rows written%n"
                        + "  staleness %d ms, extract %d ms, write %d ms, total %d ms",
                indexer, table, mode.name().toLowerCase(java.util.Locale.ROOT), images, computed, skippedFresh, skippedZeroRows,
                failed.size(), droppedImages == 0 ? "" : ", " + droppedImages + " dropped", rowsWritten, stalenessTime.toMillis(),
                extractTime.toMillis(), writeTime.toMillis(), totalTime().toMillis()));
        if (status == RunStatus.INTERRUPTED) {
            sb.append(String.format("%n  interrupted: the %d images finished were committed; run again to resume", computed));
        }
        failed.forEach((id, why) -> sb.append(String.format("%n  failed %s: %s", label.apply(id), why)));
        return sb.toString();
    }

    /** @return the report as plain values, with the keys {@code kymflow index --json} prints */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("indexer", indexer);
        m.put("table", table);
        m.put("mode", mode.name().toLowerCase(java.util.Locale.ROOT));
        m.put("analysis_version", analysisVersion);
        m.put("run_id", runId);
        m.put("status", status.wireName());
        m.put("images", images);
        m.put("computed", computed);
        m.put("skipped_fresh", skippedFresh);
        m.put("skipped_zero_rows", skippedZeroRows);
        m.put("failed", failed.size());
        m.put("failures", new java.util.TreeMap<>(failed));
        m.put("dropped", droppedImages);
        m.put("rows", rowsWritten);
        m.put("seconds", totalTime().toNanos() / 1e9);
        return m;
    }
}
