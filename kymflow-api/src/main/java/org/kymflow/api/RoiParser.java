package org.kymflow.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads rectangular ROIs from a metadata payload, in both forms the Python app has written: the current
 * envelope {@code {roi_id, roi_type: "rect", data: {x0, x1, y0, y1}, channel?, z?}} and the older v1.0 form
 * {@code {id, dim0_start, dim0_stop, dim1_start, dim1_stop}} where dim0 is time rows and dim1 space columns.
 * Here, in the API, so that every view and plugin reads ROIs the same way.
 */
final class RoiParser {
    private RoiParser() {
    }

    /**
     * @param rois the {@code rois} value of a payload (a list of maps), or null
     * @return the rect ROIs, unclamped, in payload order; non-rect ROIs are skipped
     * @throws IllegalArgumentException naming the ROI when a rect ROI lacks a bound
     */
    static List<Roi> parse(Object rois) {
        List<Roi> out = new ArrayList<>();
        if (!(rois instanceof List<?> list)) {
            return out;
        }
        int position = 0;
        for (Object o : list) {
            position++;
            if (!(o instanceof Map<?, ?> m)) {
                throw new IllegalArgumentException("ROI #" + position + " is not an object: " + o);
            }
            if (m.containsKey("dim0_start")) {
                int id = intOf(m, "id", position, position);
                out.add(new Roi(id, intOf(m, "channel", 1, position), intOf(m, "z", 0, position),
                        intOf(m, "dim1_start", null, position), intOf(m, "dim1_stop", null, position),
                        intOf(m, "dim0_start", null, position), intOf(m, "dim0_stop", null, position)));
                continue;
            }
            Object type = m.get("roi_type");
            if (type != null && !"rect".equals(type)) {
                continue; // only rectangles carry a kymograph analysis window
            }
            if (!(m.get("data") instanceof Map<?, ?> data)) {
                throw new IllegalArgumentException("ROI #" + position + " has no 'data' with x0, x1, y0, y1: " + m);
            }
            int id = intOf(m, "roi_id", position, position);
            out.add(new Roi(id, intOf(m, "channel", 1, position), intOf(m, "z", 0, position),
                    intOf(data, "x0", null, position), intOf(data, "x1", null, position),
                    intOf(data, "y0", null, position), intOf(data, "y1", null, position)));
        }
        return out;
    }

    /**
     * An integral value in int range: anything else (4294967297, 1e20, Infinity, 2.5) would be silently
     * wrapped or rounded into another ROI, so it is refused, naming the ROI and the key.
     */
    private static int intOf(Map<?, ?> m, String key, Integer fallback, int position) {
        Object v = m.get(key);
        if (v == null && fallback != null) {
            return fallback;
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).intValue();
        }
        if (v instanceof Long || v instanceof java.math.BigInteger) {
            java.math.BigInteger big = v instanceof Long l ? java.math.BigInteger.valueOf(l) : (java.math.BigInteger) v;
            if (big.bitLength() < 32) {
                return big.intValue();
            }
        } else if (v instanceof Number n) {
            double d = n.doubleValue();
            if (Double.isFinite(d) && d == Math.rint(d) && d >= Integer.MIN_VALUE && d <= Integer.MAX_VALUE) {
                return (int) d;
            }
        }
        Object id = m.containsKey("roi_id") ? m.get("roi_id") : m.get("id");
        throw new IllegalArgumentException("ROI #" + position + (id == null || key.equals("roi_id") || key.equals("id") ? ""
                : " (id " + id + ")") + ": '" + key + "' must be a whole number from " + Integer.MIN_VALUE + " to "
                + Integer.MAX_VALUE + ", was " + v);
    }

}
