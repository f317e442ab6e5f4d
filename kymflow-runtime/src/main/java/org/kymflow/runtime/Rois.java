package org.kymflow.runtime;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    /** What a ROI can measure ({@link org.kymflow.api.MetadataKeys#KIND}): velocity, the default, or diameter. */
    public static final List<String> KINDS = List.of("velocity", "diameter");

    /**
     * What is wrong with a list of ROIs for an image, as ingest judges a sidecar's and an edit is judged:
     * every ROI must be a rectangle of a known kind, parse (integral bounds in range), have an id of its own,
     * and lie inside the image with {@code x0 < x1} and {@code y0 < y1} (half-open, as the Python app writes
     * them). Nothing is clamped or swapped: analysing a guess of a ROI would give numbers for a region nobody
     * chose.
     *
     * @param rois the ROIs as JSON (either form the Python app writes)
     * @param height the image's height (lines)
     * @param width its width (pixels)
     * @return the problems, each naming the ROI; empty when the ROIs can be analysed
     */
    public static List<String> problems(List<?> rois, int height, int width) {
        List<String> bad = new ArrayList<>();
        int position = 0;
        for (Object o : rois) {
            position++;
            if (!(o instanceof Map<?, ?> m)) {
                String text = String.valueOf(o);
                bad.add("ROI #" + position + " is not an object (" + (text.length() > 60 ? text.substring(0, 60) + "..." : text) + ")");
                continue;
            }
            Object id = m.containsKey("roi_id") ? m.get("roi_id") : m.get("id");
            String label = "ROI " + (id == null ? "#" + position : String.valueOf(id));
            Object type = m.get("roi_type");
            if (type != null && !"rect".equals(type)) {
                bad.add(label + " has roi_type '" + type + "'; only 'rect' ROIs can be analysed");
            }
            Object kind = m.get(org.kymflow.api.MetadataKeys.KIND);
            if (kind != null && !KINDS.contains(kind)) {
                bad.add(label + " has kind '" + kind + "'; a ROI's kind is one of " + KINDS);
            }
        }
        if (!bad.isEmpty()) {
            return bad; // a ROI that is skipped or misread would leave the image analysed without it
        }
        List<Roi> parsed;
        try {
            parsed = Roi.parseAll(rois);
        } catch (IllegalArgumentException e) {
            return List.of(e.getMessage());
        }
        Set<Integer> ids = new HashSet<>();
        for (Roi roi : parsed) {
            if (!ids.add(roi.roiId())) {
                return List.of("ROI id " + roi.roiId() + " is used twice; ROI ids must be unique");
            }
            String where = "ROI " + roi.roiId() + " (x " + roi.x0() + ".." + roi.x1() + ", y " + roi.y0() + ".." + roi.y1() + ")";
            if (roi.clampedTo(height, width).isEmpty()) {
                bad.add(where + " lies outside the " + height + " x " + width + " image");
            } else if (roi.x0() >= roi.x1() || roi.y0() >= roi.y1()) {
                bad.add(where + " has x0 >= x1 or y0 >= y1; ROIs are half-open with x0 < x1 and y0 < y1");
            } else if (roi.x0() < 0 || roi.y0() < 0 || roi.x1() > width || roi.y1() > height) {
                bad.add(where + " reaches outside the " + height + " x " + width + " image (x 0.." + width + ", y 0.."
                        + height + ")");
            }
        }
        return bad;
    }

    /**
     * @param rois ROIs as JSON, either form the Python app writes
     * @return them as the payload stores them: the older v1.0 form turned into the current envelope, the
     *     others (their kind and any other keys included) as they are
     */
    public static List<Object> normalised(List<?> rois) {
        List<Object> out = new ArrayList<>();
        for (Object o : rois) {
            if (o instanceof Map<?, ?> m && m.containsKey("dim0_start")) {
                Roi.parseAll(List.of(o)).forEach(roi -> out.add(toEnvelope(roi)));
            } else {
                out.add(o);
            }
        }
        return out;
    }
}
