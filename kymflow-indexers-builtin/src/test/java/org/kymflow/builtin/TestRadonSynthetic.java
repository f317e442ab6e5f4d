package org.kymflow.builtin;

import org.kymflow.api.testing.TestingRecordView;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kymflow.api.BaseIndexer;
import org.kymflow.api.Roi;
import org.kymflow.builtin.radon.RadonProvider;
import org.kymflow.builtin.synthetic.SyntheticKymograph;
import org.kymflow.table.Table;

class TestRadonSynthetic {
    static final double DELX = 0.284;
    static final double DELT = 0.001; // like the real capillary (1.17 ms/line): 0.3..2.5 mm/s = 1..9 px/line

    static TestingRecordView synthetic(double velocity, int lines, int pixels, List<Roi> rois, long seed) {
        short[] raw = SyntheticKymograph.draw(lines, pixels, SyntheticKymograph.pixelsPerLine(velocity, DELX, DELT), 20, seed);
        float[] data = new float[raw.length];
        for (int i = 0; i < raw.length; i++) {
            data[i] = raw[i] & 0xFFFF;
        }
        return new TestingRecordView("synthetic-" + velocity, data, lines, pixels,
                Map.of("header", Map.of("voxels", List.of(DELT, DELX))), rois);
    }

    static double median(Table t, String column) {
        List<Double> values = new ArrayList<>();
        for (int r = 0; r < t.rowCount(); r++) {
            if (!Double.isNaN(t.getDouble(column, r))) {
                values.add(t.getDouble(column, r));
            }
        }
        values.sort(null);
        return values.get(values.size() / 2);
    }

    @ParameterizedTest(name = "{0} mm/s")
    @ValueSource(doubles = {0.5, 0.8, 1.2, 1.3, -0.6, -0.9, -1.3})
    void recoversKnownVelocitiesInBothDirectionsWithinTwoPercent(double velocity) {
        BaseIndexer radon = new RadonProvider().create(Map.of());
        Table t = radon.extractRows(synthetic(velocity, 2000, 40, List.of(new Roi(1, 1, 0, 2, 38, 0, 2000)), 7));
        double measured = median(t, "clean_velocity_mm_s");
        assertEquals(velocity, measured, Math.abs(velocity) * 0.02, "measured " + measured + " for " + velocity);
        assertEquals("mm/s", t.getString("velocity_units", 0));
    }

    @Test
    void paramsHashCoversParamsRoisAndScale() {
        BaseIndexer radon = new RadonProvider().create(Map.of());
        TestingRecordView a = synthetic(1, 200, 20, List.of(new Roi(1, 1, 0, 0, 20, 0, 200)), 1);
        TestingRecordView movedRoi = synthetic(1, 200, 20, List.of(new Roi(1, 1, 0, 0, 19, 0, 200)), 1);
        TestingRecordView noScale = new TestingRecordView("x", new float[4000], 200, 20, Map.of(), a.rois());
        String h = radon.paramsHash(a);
        assertEquals(64, h.length());
        assertEquals(h, radon.paramsHash(synthetic(1, 200, 20, List.of(new Roi(1, 1, 0, 0, 20, 0, 200)), 99)),
                "pixels are not params");
        assertNotEquals(h, radon.paramsHash(movedRoi), "editing an ROI changes the hash");
        assertNotEquals(h, radon.paramsHash(noScale), "delx/delt are in the hash");
        assertNotEquals(h, new RadonProvider().create(Map.of("window_size", 32)).paramsHash(a));
    }

    @Test
    void badParamsAreRefusedNamingTheKey() {
        RadonProvider p = new RadonProvider();
        IllegalArgumentException notMultiple = assertThrows(IllegalArgumentException.class, () -> p.create(Map.of("window_size", 10)));
        assertTrue(notMultiple.getMessage().contains("'window_size'") && notMultiple.getMessage().contains("multiple of 4"));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> p.create(Map.of("windowsize", 16)));
        assertTrue(unknown.getMessage().contains("'windowsize'") && unknown.getMessage().contains("window_size"));
        assertThrows(IllegalArgumentException.class, () -> p.create(Map.of("window_size", "sixteen")));
    }

    @Test
    void badInputGivesDocumentedResultsOrClearErrors() {
        BaseIndexer radon = new RadonProvider().create(Map.of());
        // a window larger than the ROI: no windows, no rows
        Table small = radon.extractRows(synthetic(1, 200, 20, List.of(new Roi(1, 1, 0, 0, 20, 0, 12)), 1));
        assertEquals(0, small.rowCount());
        // an ROI outside the image: error naming the image and ROI
        IllegalArgumentException outside = assertThrows(IllegalArgumentException.class,
                () -> radon.extractRows(synthetic(1, 200, 20, List.of(new Roi(4, 1, 0, 50, 60, 0, 100)), 1)));
        assertTrue(outside.getMessage().contains("ROI 4") && outside.getMessage().contains("synthetic-1.0"), outside.getMessage());
        // a 3-D image: error naming the image and its axes
        TestingRecordView flat = synthetic(1, 100, 20, List.of(), 1);
        TestingRecordView threeD = new TestingRecordView("stack", new float[2000], 100, 20, Map.of(), List.of()) {
            @Override
            public int[] shape() {
                return new int[] {2, 50, 20};
            }

            @Override
            public List<String> axes() {
                return List.of("z", "y", "x");
            }
        };
        IllegalArgumentException notTwoD = assertThrows(IllegalArgumentException.class, () -> radon.extractRows(threeD));
        assertTrue(notTwoD.getMessage().contains("stack") && notTwoD.getMessage().contains("[z, y, x]"), notTwoD.getMessage());
        // NaN pixels: the windows that hold them are NaN, the others are measured
        float[] withNaN = flat.pixels().toFloatArray();
        withNaN[10 * 20 + 5] = Float.NaN;
        Table nan = radon.extractRows(new TestingRecordView("nan", withNaN, 100, 20, Map.of(), List.of()));
        assertTrue(Double.isNaN(nan.getDouble("velocity_mm_s", 0)), "window 0 covers line 10");
        assertTrue(Double.isNaN(nan.getDouble("theta_deg", 2)), "window 2 covers lines 8..23");
        assertTrue(!Double.isNaN(nan.getDouble("velocity_mm_s", nan.rowCount() - 1)));
        assertEquals("pixels/line", nan.getString("velocity_units", 0), "no header: pixels per line");
        // a constant image: every angle ties, so no velocity
        Table constant = radon.extractRows(new TestingRecordView("flat", new float[2000], 100, 20, Map.of(), List.of()));
        assertTrue(constant.rowCount() > 0);
        for (int r = 0; r < constant.rowCount(); r++) {
            assertTrue(Double.isNaN(constant.getDouble("velocity_mm_s", r)));
        }
    }
}
