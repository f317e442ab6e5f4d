package org.kymflow.zarr;

/** An image record has no {@code analysis/metadata.json}. */
public class MetadataNotFoundException extends ZarrException {
    private static final long serialVersionUID = 1L;

    /** @param message what was asked for and where */
    public MetadataNotFoundException(String message) {
        super(message);
    }

    /**
     * @param message what was asked for and where
     * @param cause the underlying failure
     */
    public MetadataNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
