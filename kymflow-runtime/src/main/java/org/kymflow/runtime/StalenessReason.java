package org.kymflow.runtime;

/**
 * Why an image's results for an indexer are up to date or not: one reason per image, the first that
 * applies in this order (as a build tool checks its inputs), with the names the Python KymDataset uses.
 */
public enum StalenessReason {
    /** Rows in the table with the current params hash and version, and a marker that agrees. */
    FRESH_ROWS(true),
    /** No rows, and a marker with the current params hash and version that says the analysis found nothing. */
    FRESH_ZERO_ROWS(true),
    /** Neither rows nor a marker: never computed. */
    STALE_MISSING(false),
    /** The last attempt with the current params failed (its marker says so). */
    STALE_FAILED(false),
    /** The indexer's analysis version differs from the one the rows were made with. */
    STALE_VERSION_CHANGED(false),
    /** The params hash (params, ROIs, header values) differs from the one the rows were made with. */
    STALE_PARAMS_CHANGED(false),
    /** The pixels were rewritten (a re-ingested TIFF) since the rows were made. */
    STALE_PIXELS_CHANGED(false),
    /** An indexer this one reads from has newer results for the image. */
    STALE_INPUT_CHANGED(false),
    /**
     * The marker and the table disagree, or the table has rows and no valid marker says what they were made
     * from (a run that died between its commit and its markers, a deleted marker, or a foreign edit).
     */
    STALE_MARKER_TABLE_MISMATCH(false),
    /**
     * The image's own files could not be read to judge it (a corrupt {@code .zarray} or metadata, say): the
     * facts name the file and the cause; a run fails on it (or, with keep-going, records it as failed).
     */
    STALE_UNREADABLE(false);

    private final boolean fresh;

    StalenessReason(boolean fresh) {
        this.fresh = fresh;
    }

    /** @return whether the image's results are up to date */
    public boolean isFresh() {
        return fresh;
    }
}
