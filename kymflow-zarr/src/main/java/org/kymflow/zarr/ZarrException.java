package org.kymflow.zarr;

/**
 * The root of everything the storage layer throws: a failure that names the file, array, image or table
 * concerned and the cause. Unchecked, as N5's and most storage APIs' are.
 */
public class ZarrException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong and where */
    public ZarrException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong and where
     * @param cause the underlying failure
     */
    public ZarrException(String message, Throwable cause) {
        super(message, cause);
    }
}
