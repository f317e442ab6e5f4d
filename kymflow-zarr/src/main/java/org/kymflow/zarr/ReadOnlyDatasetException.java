package org.kymflow.zarr;

/** A write was attempted on a dataset opened in {@link OpenMode#READ}. */
public class ReadOnlyDatasetException extends ZarrException {
    private static final long serialVersionUID = 1L;

    /** @param message what was asked for and where */
    public ReadOnlyDatasetException(String message) {
        super(message);
    }

    /**
     * @param message what was asked for and where
     * @param cause the underlying failure
     */
    public ReadOnlyDatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
