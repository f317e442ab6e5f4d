package org.kymflow.spark;

import java.io.Serializable;

/**
 * What an executor reports for one image: where its rows wait (a Parquet file in the run's staging folder),
 * or why it failed.
 *
 * @param imageId the image
 * @param stagedFile the staging file's name, or null when the image failed
 * @param error the failure as the single-machine run reports it, or null
 * @param executor which executor computed it (host and id), for the report
 */
record StagedImage(String imageId, String stagedFile, String error, String executor) implements Serializable {
}
