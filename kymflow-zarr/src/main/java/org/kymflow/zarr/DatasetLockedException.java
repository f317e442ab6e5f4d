package org.kymflow.zarr;

/** Another writer holds the dataset's exclusive lock, or this writer lost it. */
public class DatasetLockedException extends ZarrException {
    private static final long serialVersionUID = 1L;
    private final String dataset;

    /**
     * @param dataset the dataset's location
     * @param reason what the lock said
     * @param cause the underlying failure, or null
     */
    public DatasetLockedException(String dataset, String reason, Throwable cause) {
        super("cannot write " + dataset + ": " + reason, cause);
        this.dataset = dataset;
    }

    /** @return the dataset's location */
    public String dataset() {
        return dataset;
    }
}
