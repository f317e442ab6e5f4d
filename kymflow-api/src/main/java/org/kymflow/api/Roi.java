package org.kymflow.api;

/**
 * A rectangular region of interest of a kymograph, in pixels, half-open: columns {@code [x0, x1)} along
 * space (axis x) and rows {@code [y0, y1)} along time (axis y). Views hand out ROIs already clamped to the
 * image.
 *
 * @param roiId the ROI's id, as the lab numbered it
 * @param channel the channel the ROI belongs to (1-based, as in the Python app)
 * @param z the z plane (0 for 2-D images)
 * @param x0 first column
 * @param x1 one past the last column
 * @param y0 first row (line)
 * @param y1 one past the last row
 */
public record Roi(int roiId, int channel, int z, int x0, int x1, int y0, int y1) {
    /** @return columns covered, {@code x1 - x0} */
    public int width() {
        return x1 - x0;
    }

    /** @return rows covered, {@code y1 - y0} */
    public int height() {
        return y1 - y0;
    }

    /** @return whether the ROI covers no pixel */
    public boolean isEmpty() {
        return width() <= 0 || height() <= 0;
    }

    /**
     * @param height image rows
     * @param width image columns
     * @return this ROI clamped to {@code [0, width) x [0, height)}, with ordered bounds
     */
    public Roi clampedTo(int height, int width) {
        int cx0 = clamp(Math.min(x0, x1), width);
        int cx1 = clamp(Math.max(x0, x1), width);
        int cy0 = clamp(Math.min(y0, y1), height);
        int cy1 = clamp(Math.max(y0, y1), height);
        return new Roi(roiId, channel, z, cx0, cx1, cy0, cy1);
    }

    /**
     * Reads the ROIs of a metadata payload's {@code rois} value, in both forms the Python app has written
     * (the current {@code {roi_id, roi_type: "rect", data: {x0, x1, y0, y1}}} and the v1.0
     * {@code {id, dim0_start, dim0_stop, dim1_start, dim1_stop}}); non-rect ROIs are skipped.
     *
     * @param rois the {@code rois} value (a list of maps), or null
     * @return the rect ROIs, unclamped, in payload order
     * @throws IllegalArgumentException naming the ROI when one is not an object, lacks a bound, or has a bound
     *     that is not a whole number in int range
     */
    public static java.util.List<Roi> parseAll(Object rois) {
        return RoiParser.parse(rois);
    }

    /**
     * What a ROI measures, from its {@code "kind"} ({@link MetadataKeys#KIND}) in a payload's {@code rois} value:
     * {@code "velocity"} (the default, a scan along a vessel) or {@code "diameter"} (a scan across it). Either
     * form of {@link #parseAll} is read ({@code roi_id} or {@code id}).
     *
     * @param rois the {@code rois} value (a list of maps), or null
     * @param roiId a ROI's id
     * @return the ROI's kind; {@code "velocity"} when it declares none or there is no such ROI
     */
    public static String kindOf(Object rois, int roiId) {
        if (rois instanceof java.util.List<?> list) {
            for (Object o : list) {
                if (o instanceof java.util.Map<?, ?> m && m.get(MetadataKeys.KIND) instanceof String kind) {
                    Object id = m.containsKey("roi_id") ? m.get("roi_id") : m.get("id");
                    if (id instanceof Number n && n.doubleValue() == roiId) {
                        return kind;
                    }
                }
            }
        }
        return "velocity";
    }

    private static int clamp(int v, int max) {
        return Math.max(0, Math.min(v, max));
    }
}
