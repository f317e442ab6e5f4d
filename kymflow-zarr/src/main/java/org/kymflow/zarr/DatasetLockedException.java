package org.kymflow.zarr;

/** Another writer holds the dataset's exclusive lock. */
public class DatasetLockedException extends ZarrException {
    private static final long serialVersionUID = 1L;

    /** @param message what was asked for and where */
    public DatasetLockedException(String message) {
        super(message);
    }

    /**
     * @param message what was asked for and where
     * @param cause the underlying failure
     */
    public DatasetLockedException(String message, Throwable cause) {
        super(message, cause);
    }
}
