package org.kymflow.zarr;

import java.util.List;

/**
 * The dataset manifest: a derived, rebuildable summary of every image, stored gzip-compressed at
 * {@code index/manifest.json.gz} with the Python package's keys.
 *
 * @param schemaVersion the dataset schema version
 * @param format the dataset format string, {@code kymflow_zarr_v1}
 * @param createdUtc when the dataset was created
 * @param updatedUtc when the manifest was built
 * @param images one entry per image, in image-id order
 */
public record Manifest(int schemaVersion, String format, String createdUtc, String updatedUtc, List<ManifestImage> images) {
    /**
     * Copies the image list.
     *
     * @param schemaVersion the dataset schema version
     * @param format the dataset format string, {@code kymflow_zarr_v1}
     * @param createdUtc when the dataset was created
     * @param updatedUtc when the manifest was built
     * @param images one entry per image, in image-id order
     */
    public Manifest {
        images = List.copyOf(images);
    }

    /** @return the image ids, in manifest order */
    public List<String> imageIds() {
        return images.stream().map(ManifestImage::imageId).toList();
    }
}
