package org.kymflow.zarr;

/** A per-image JSON or array artifact that does not exist was asked for. */
public class ArtifactNotFoundException extends ZarrException {
    private static final long serialVersionUID = 1L;
    private final String imageId;
    private final String artifactName;
    private final String location;

    /**
     * @param imageId the image asked
     * @param kind what kind of artifact, for the message ("JSON artifact", "array artifact")
     * @param artifactName the artifact name asked for
     * @param location the file it would be
     */
    public ArtifactNotFoundException(String imageId, String kind, String artifactName, String location) {
        super("image " + imageId + " has no " + kind + " '" + artifactName + "' (" + location + ")");
        this.imageId = imageId;
        this.artifactName = artifactName;
        this.location = location;
    }

    /** @return the image asked */
    public String imageId() {
        return imageId;
    }

    /** @return the artifact name asked for */
    public String artifactName() {
        return artifactName;
    }

    /** @return the file the artifact would be */
    public String location() {
        return location;
    }
}
