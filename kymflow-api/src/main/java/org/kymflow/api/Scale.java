package org.kymflow.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The physical scale of a kymograph, read from its metadata header: {@code voxels = [delt, delx]}
 * (seconds per line, micrometres per pixel) as the Python app writes it, or explicit {@code delt} and
 * {@code delx} keys. One reading for every analysis, command and the viewer, so that they agree on
 * which images have a scale.
 *
 * @param delt seconds per line
 * @param delx micrometres per pixel
 */
public record Scale(double delt, double delx) {
    /**
     * @param metadata an image's metadata payload (its {@code header} section is read)
     * @return the scale, or empty when the header does not give both values as positive numbers
     */
    public static Optional<Scale> fromMetadata(Map<String, Object> metadata) {
        if (!(metadata.get(MetadataKeys.HEADER) instanceof Map<?, ?> header)) {
            return Optional.empty();
        }
        Object delt = header.get("delt");
        Object delx = header.get("delx");
        if ((delt == null || delx == null) && header.get(MetadataKeys.VOXELS) instanceof List<?> voxels && voxels.size() >= 2) {
            delt = voxels.get(0);
            delx = voxels.get(1);
        }
        if (delt instanceof Number t && delx instanceof Number x && t.doubleValue() > 0 && x.doubleValue() > 0) {
            return Optional.of(new Scale(t.doubleValue(), x.doubleValue()));
        }
        return Optional.empty();
    }
}
