package org.kymflow.cli;

import java.util.Map;
import org.kymflow.zarr.MetadataNotFoundException;
import org.kymflow.zarr.ZarrImageRecord;

/**
 * The parts of an image's metadata payload the commands show: one reading, so that {@code images},
 * {@code summary} and {@code plot} read it alike (the scale is {@link org.kymflow.api.Scale#fromMetadata}, as radon reads it).
 */
final class ImageMetadata {
    private ImageMetadata() {
    }

    /**
     * @param rec an image
     * @return its metadata payload, or an empty map for an image that has none (it is still listed)
     */
    static Map<String, Object> payload(ZarrImageRecord rec) {
        try {
            return rec.loadMetadataPayload();
        } catch (MetadataNotFoundException e) {
            return Map.of(); // no metadata: no header, no ROIs, no experiment fields
        }
    }

    /**
     * @param payload a metadata payload
     * @return its header, or an empty map
     */
    static Map<String, Object> header(Map<String, Object> payload) {
        return section(payload, org.kymflow.api.MetadataKeys.HEADER);
    }

    /**
     * @param payload a metadata payload
     * @return its experiment metadata (the sidecar's fields), or an empty map
     */
    static Map<String, Object> experiment(Map<String, Object> payload) {
        return section(payload, org.kymflow.api.MetadataKeys.EXPERIMENT_METADATA);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(Map<String, Object> payload, String key) {
        return payload.get(key) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
