package org.kymflow.zarr;

/** No image record with the given id exists in the dataset. */
public class ImageNotFoundException extends ZarrException {
    private static final long serialVersionUID = 1L;

    /** @param message what was asked for and where */
    public ImageNotFoundException(String message) {
        super(message);
    }

    /**
     * @param message what was asked for and where
     * @param cause the underlying failure
     */
    public ImageNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
