package org.kymflow.runtime;

import java.util.Objects;

/**
 * One image's staleness for one indexer, with the facts it was decided on.
 *
 * @param imageId the image
 * @param reason the reason, fresh or stale
 * @param facts what was compared, in a few words (for {@code kymflow status --image})
 * @param paramsHash the indexer's params hash for the image now
 * @param analysisVersion the indexer's analysis version now
 * @param tableRows the image's rows in the table now
 */
public record ImageStaleness(String imageId, StalenessReason reason, String facts, String paramsHash,
                             String analysisVersion, long tableRows) {
    /**
     * Checks the arguments.
     *
     * @param imageId see the record
     * @param reason see the record
     * @param facts see the record
     * @param paramsHash see the record
     * @param analysisVersion see the record
     * @param tableRows see the record
     */
    public ImageStaleness {
        Objects.requireNonNull(imageId, "imageId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(facts, "facts");
    }

    /** @return whether the image's results are up to date */
    public boolean isFresh() {
        return reason.isFresh();
    }
}
