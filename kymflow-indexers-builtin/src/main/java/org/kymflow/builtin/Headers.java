package org.kymflow.builtin;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the physical scale of a kymograph from its metadata header: {@code voxels = [delt, delx]}
 * (seconds per line, micrometres per pixel) as the Python app writes it, or explicit {@code delt} and
 * {@code delx} keys.
 */
public final class Headers {
    /**
     * The scale of a kymograph.
     *
     * @param delt seconds per line
     * @param delx micrometres per pixel
     */
    public record Scale(double delt, double delx) {
    }

    private Headers() {
    }

    /**
     * @param metadata the metadata payload
     * @return the scale, or empty when the header does not give both values as positive numbers
     */
    public static Optional<Scale> scale(Map<String, Object> metadata) {
        if (!(metadata.get("header") instanceof Map<?, ?> header)) {
            return Optional.empty();
        }
        Object delt = header.get("delt");
        Object delx = header.get("delx");
        if ((delt == null || delx == null) && header.get("voxels") instanceof List<?> voxels && voxels.size() >= 2) {
            delt = voxels.get(0);
            delx = voxels.get(1);
        }
        if (delt instanceof Number t && delx instanceof Number x && t.doubleValue() > 0 && x.doubleValue() > 0) {
            return Optional.of(new Scale(t.doubleValue(), x.doubleValue()));
        }
        return Optional.empty();
    }
}
