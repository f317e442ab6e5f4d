package org.kymflow.zarr;

/** No image record with the given id exists in the dataset. */
public class ImageNotFoundException extends ZarrException {
    private static final long serialVersionUID = 1L;
    private final String imageId;
    private final String dataset;

    /**
     * @param imageId the id asked for
     * @param dataset where it was looked for
     * @param detail what was wrong with it ("no image", "invalid image id")
     */
    public ImageNotFoundException(String imageId, String dataset, String detail) {
        super(detail + " '" + imageId + "' in " + dataset);
        this.imageId = imageId;
        this.dataset = dataset;
    }

    /** @return the id asked for */
    public String imageId() {
        return imageId;
    }

    /** @return the dataset it was looked for in */
    public String dataset() {
        return dataset;
    }
}
