package org.kymflow.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A ROI's kind is read from either form the Python app writes, and is velocity when it says none. */
class TestRoiKind {
    @Test
    void kindIsReadFromBothRoiFormsAndDefaultsToVelocity() {
        List<Object> rois = List.of(
                Map.of("roi_id", 1, "roi_type", "rect", "data", Map.of("x0", 0, "x1", 4, "y0", 0, "y1", 10)),
                Map.of("roi_id", 2, "roi_type", "rect", "kind", "diameter", "data", Map.of("x0", 0, "x1", 4, "y0", 0, "y1", 10)),
                Map.of("id", 3, "kind", "diameter", "dim0_start", 0, "dim0_stop", 10, "dim1_start", 0, "dim1_stop", 4));
        assertEquals("velocity", Roi.kindOf(rois, 1), "no kind: velocity");
        assertEquals("diameter", Roi.kindOf(rois, 2));
        assertEquals("diameter", Roi.kindOf(rois, 3), "the v1.0 form names its ROI 'id'");
        assertEquals("velocity", Roi.kindOf(rois, 9), "no such ROI");
        assertEquals("velocity", Roi.kindOf(null, 1), "no ROIs");
    }
}
