package org.kymflow.zarr;

import java.util.Map;
import java.util.Objects;

/**
 * What a dataset table holds for one image, as its footer index (or a scan of a few columns) says: the
 * number of rows and the values of the chosen stamp columns in the image's first row.
 *
 * @param imageId the image
 * @param rowCount its rows in the table
 * @param stamps stamp column name to value (null when the column is null or absent)
 */
public record ImageRows(String imageId, long rowCount, Map<String, String> stamps) {
    /**
     * Checks the arguments.
     *
     * @param imageId see the record
     * @param rowCount see the record
     * @param stamps see the record
     */
    public ImageRows {
        Objects.requireNonNull(imageId, "imageId");
        stamps = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(stamps));
    }
}
