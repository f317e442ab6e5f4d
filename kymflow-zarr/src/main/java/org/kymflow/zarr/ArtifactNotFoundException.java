package org.kymflow.zarr;

/** A per-image JSON, CSV or array artifact that does not exist was asked for. */
public class ArtifactNotFoundException extends ZarrException {
    private static final long serialVersionUID = 1L;

    /** @param message what was asked for and where */
    public ArtifactNotFoundException(String message) {
        super(message);
    }

    /**
     * @param message what was asked for and where
     * @param cause the underlying failure
     */
    public ArtifactNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
