package org.kymflow.zarr;

/** A dataset table or per-image table artifact that does not exist was asked for. */
public class TableNotFoundException extends ZarrException {
    private static final long serialVersionUID = 1L;

    /** @param message what was asked for and where */
    public TableNotFoundException(String message) {
        super(message);
    }

    /**
     * @param message what was asked for and where
     * @param cause the underlying failure
     */
    public TableNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
