package org.kymflow.runtime;

/**
 * A run of {@link KymDataset#updateIndex} failed; the table is unchanged. Names the indexer and, when one
 * image caused it, the image.
 */
public class IndexingException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String indexer;
    private final String imageId;

    /**
     * @param indexer the indexer name
     * @param imageId the image that failed, or null when the failure is not one image's
     * @param detail what went wrong
     * @param cause the underlying failure, or null
     */
    public IndexingException(String indexer, String imageId, String detail, Throwable cause) {
        super("indexer '" + indexer + "'" + (imageId == null ? "" : " failed on image " + imageId) + ": " + detail
                + "; table kym_" + indexer + " is unchanged", cause);
        this.indexer = indexer;
        this.imageId = imageId;
    }

    /** @return the indexer name */
    public String indexer() {
        return indexer;
    }

    /** @return the image that failed, or null */
    public String imageId() {
        return imageId;
    }

    /**
     * What went wrong with the image, as a report's failure lists it: a storage error's own message (it
     * names the file and the cause), or a plugin's exception with its type (worth keeping for its author).
     *
     * @return one line
     */
    public String causeDescription() {
        Throwable cause = getCause();
        if (cause instanceof org.kymflow.zarr.ZarrException) {
            return cause.getMessage();
        }
        return cause != null ? String.valueOf(cause) : getMessage();
    }
}
