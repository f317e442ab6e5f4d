package org.kymflow.zarr;

/** An image record has no {@code analysis/metadata.json}. */
public class MetadataNotFoundException extends ZarrException {
    private static final long serialVersionUID = 1L;
    private final String imageId;
    private final String location;

    /**
     * @param imageId the image asked
     * @param location the file the payload would be
     */
    public MetadataNotFoundException(String imageId, String location) {
        super("image " + imageId + " has no metadata payload (" + location + ")");
        this.imageId = imageId;
        this.location = location;
    }

    /** @return the image asked */
    public String imageId() {
        return imageId;
    }

    /** @return the file the payload would be */
    public String location() {
        return location;
    }
}
