package org.kymflow.runtime;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.kymflow.api.MetadataKeys;
import org.kymflow.zarr.MetadataNotFoundException;
import org.kymflow.zarr.ZarrImageReader;

/**
 * The parts of an image's metadata payload that lists, summaries and plots show, read one way everywhere (the
 * scale is {@link org.kymflow.api.Scale#fromMetadata}, as radon reads it).
 */
public final class ImageMetadata {
    private ImageMetadata() {
    }

    /**
     * @param image an image
     * @return its metadata payload, or an empty map for an image that has none (it is still listed)
     */
    public static Map<String, Object> payload(ZarrImageReader image) {
        try {
            return image.loadMetadataPayload();
        } catch (MetadataNotFoundException e) {
            return Map.of(); // no metadata: no header, no ROIs, no experiment fields
        }
    }

    /**
     * @param payload a metadata payload
     * @return its header, or an empty map
     */
    public static Map<String, Object> header(Map<String, Object> payload) {
        return section(payload, MetadataKeys.HEADER);
    }

    /**
     * @param payload a metadata payload
     * @return its experiment metadata (the sidecar's fields), or an empty map
     */
    public static Map<String, Object> experiment(Map<String, Object> payload) {
        return section(payload, MetadataKeys.EXPERIMENT_METADATA);
    }

    /**
     * @param localEpochNs an acquisition time as the header stores it: the microscope's local clock read as
     *     if it were UTC, as Python stores it
     * @return that time in ISO 8601 without a zone, to the millisecond (e.g. {@code 2026-01-15T10:01})
     */
    public static String acquiredIso(long localEpochNs) {
        LocalDateTime t = LocalDateTime.ofInstant(Instant.ofEpochSecond(0, localEpochNs), ZoneOffset.UTC);
        return t.withNano(t.getNano() / 1_000_000 * 1_000_000).toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(Map<String, Object> payload, String key) {
        return payload.get(key) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
