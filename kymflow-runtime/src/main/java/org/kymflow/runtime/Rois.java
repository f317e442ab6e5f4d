package org.kymflow.runtime;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kymflow.api.Roi;

/**
 * ROIs in the metadata payload: parsed by {@link Roi#parseAll} (both forms the Python app has written),
 * and written in the current envelope form.
 */
public final class Rois {
    private Rois() {
    }

    /**
     * @param rois the {@code rois} value of a payload (a list of maps), or null
     * @return the rect ROIs, unclamped, in payload order; see {@link Roi#parseAll}
     * @throws IllegalArgumentException naming the ROI when a rect ROI lacks a bound or has one that is not a
     *     whole number in int range
     * @deprecated kept for embedders of 0.1; call {@link Roi#parseAll}, which plugins see too
     */
    @Deprecated
    public static List<Roi> parse(Object rois) {
        return Roi.parseAll(rois);
    }

    /**
     * @param roi a ROI
     * @return the ROI in the current envelope form, as the payload stores it
     */
    public static Map<String, Object> toEnvelope(Roi roi) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("x0", roi.x0());
        data.put("x1", roi.x1());
        data.put("y0", roi.y0());
        data.put("y1", roi.y1());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("roi_id", roi.roiId());
        m.put("roi_type", "rect");
        m.put("channel", roi.channel());
        m.put("z", roi.z());
        m.put("data", data);
        return m;
    }
}
