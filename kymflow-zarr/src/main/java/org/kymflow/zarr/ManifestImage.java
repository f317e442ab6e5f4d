package org.kymflow.zarr;

import java.util.List;
import java.util.Objects;

/**
 * One image's entry in the dataset manifest ({@code index/manifest.json.gz}).
 *
 * @param imageId the image id
 * @param shape the array shape
 * @param dtype the numpy dtype name, e.g. {@code uint16}
 * @param chunks the chunk shape
 * @param axes the axis names
 * @param createdUtc when the record was created
 * @param updatedUtc when the record last changed
 * @param acquiredLocalEpochNs acquisition time from the metadata header, or null when unknown
 * @param analysisKeys the file names under the record's {@code analysis/}
 */
public record ManifestImage(String imageId, List<Long> shape, String dtype, List<Integer> chunks, List<String> axes,
                            String createdUtc, String updatedUtc, Long acquiredLocalEpochNs, List<String> analysisKeys) {
    /**
     * Copies the lists.
     *
     * @param imageId the image id
     * @param shape the array shape
     * @param dtype the numpy dtype name, e.g. {@code uint16}
     * @param chunks the chunk shape
     * @param axes the axis names
     * @param createdUtc when the record was created
     * @param updatedUtc when the record last changed
     * @param acquiredLocalEpochNs acquisition time from the metadata header, or null when unknown
     * @param analysisKeys the file names under the record's {@code analysis/}
     */
    public ManifestImage {
        Objects.requireNonNull(imageId, "imageId");
        shape = List.copyOf(shape);
        chunks = List.copyOf(chunks);
        axes = List.copyOf(axes);
        analysisKeys = List.copyOf(analysisKeys);
    }
}
