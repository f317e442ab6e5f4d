package org.kymflow.builtin;

import org.kymflow.api.testing.TestingRecordView;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kymflow.builtin.roistats.RoiStatsIndexer;
import org.kymflow.table.Table;

/** The Python app's per-ROI figures in Capillary1_0001.json judge roi_stats. */
class TestRoiStatsReference {
    @Test
    @SuppressWarnings("unchecked")
    void matchesTheSidecarFiguresToOneInABillion() throws Exception {
        TestingRecordView rec = RealData.capillary();
        Table t = new RoiStatsIndexer().create(Map.of()).extractRows(rec);
        List<Object> rois = (List<Object>) rec.metadata().get("rois");
        assertEquals(rois.size(), t.rowCount());
        for (int i = 0; i < rois.size(); i++) {
            Map<String, Object> meta = (Map<String, Object>) ((Map<String, Object>) rois.get(i)).get("meta");
            Map<String, Object> data = (Map<String, Object>) ((Map<String, Object>) rois.get(i)).get("data");
            long n = (long) ((Integer) data.get("x1") - (Integer) data.get("x0")) * ((Integer) data.get("y1") - (Integer) data.get("y0"));
            assertEquals(n, t.getLong("n", i));
            assertEquals(((Number) meta.get("img_min")).doubleValue(), t.getDouble("min", i));
            assertEquals(((Number) meta.get("img_max")).doubleValue(), t.getDouble("max", i));
            double mean = ((Number) meta.get("img_mean")).doubleValue();
            double std = ((Number) meta.get("img_std")).doubleValue();
            assertEquals(mean, t.getDouble("mean", i), Math.abs(mean) * 1e-9, "mean of ROI " + t.getInt("roi_id", i));
            assertEquals(std, t.getDouble("std", i), Math.abs(std) * 1e-9, "std of ROI " + t.getInt("roi_id", i));
            System.out.printf("roi %d: n %d mean %.12f (ref %.12f) std %.12f (ref %.12f)%n", t.getInt("roi_id", i), n,
                    t.getDouble("mean", i), mean, t.getDouble("std", i), std);
        }
    }
}
