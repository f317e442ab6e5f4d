package org.kymflow.builtin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kymflow.api.ParamsHash;
import org.kymflow.api.Roi;
import org.kymflow.api.Scale;

/**
 * The params hash of an analysis that reads pixels (radon, diameter): its params, the ROIs it measures and the
 * header's scale, so that a change of any of them makes its rows stale. Pinned by {@code TestGoldenParamsHashes}.
 */
public final class PixelParamsHash {
    private PixelParamsHash() {
    }

    /**
     * @param params the analysis's effective params
     * @param rois the ROIs it measures, in order
     * @param scale the image's scale, if its header gives one
     * @return the SHA-256 of {@code {"params", "rois": [[id, channel, z, x0, x1, y0, y1], ...], "delt", "delx"}}
     */
    public static String of(Map<String, Object> params, List<Roi> rois, Optional<Scale> scale) {
        Map<String, Object> hashed = new LinkedHashMap<>();
        hashed.put("params", params);
        List<Object> bounds = new ArrayList<>();
        for (Roi r : rois) {
            bounds.add(List.of(r.roiId(), r.channel(), r.z(), r.x0(), r.x1(), r.y0(), r.y1()));
        }
        hashed.put("rois", bounds);
        hashed.put("delt", scale.map(Scale::delt).orElse(null));
        hashed.put("delx", scale.map(Scale::delx).orElse(null));
        return ParamsHash.sha256(hashed);
    }
}
