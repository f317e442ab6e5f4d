package org.kymflow.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.kymflow.api.ImageRecordView;
import org.kymflow.api.Roi;
import org.kymflow.api.testing.TestingRecordView;
import org.kymflow.builtin.events.EventParams;
import org.kymflow.builtin.events.VelocityEvent;
import org.kymflow.builtin.events.VelocityEventDetector;
import org.kymflow.builtin.events.VelocityEventsIndexer;
import org.kymflow.builtin.radon.RadonProvider;
import org.kymflow.builtin.summary.VelocitySummaryIndexer;
import org.kymflow.table.Table;

/** Edge cases of the event detector, the derived indexers end to end, the summary against its own arithmetic. */
class TestDerivedAnalyses {
    private static double[] times(int n) {
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = 0.005 * i; // 200 windows a second, like the real capillary
        }
        return t;
    }

    private static List<VelocityEvent> detect(double[] v) {
        return VelocityEventDetector.detect(times(v.length), v, EventParams.ofDefaults()).events();
    }

    @Test
    void anAllNanTraceIsOneNanGapAndNoBaselineEvent() {
        double[] v = new double[400];
        Arrays.fill(v, Double.NaN);
        VelocityEventDetector.Result r = VelocityEventDetector.detect(times(v.length), v, EventParams.ofDefaults());
        assertTrue(Double.isNaN(r.threshold()), "too few valid scores for a threshold");
        assertEquals(1, r.events().size(), r.events().toString());
        VelocityEvent gap = r.events().get(0);
        assertEquals("nan_gap", gap.eventType());
        assertEquals(0, gap.iStart());
        assertEquals(399, gap.iEnd());
        assertEquals(1.0, gap.nanFractionInEvent());
        assertEquals(0, gap.nValidInEvent());
    }

    @Test
    void aTraceShorterThanAWindowHasNoEventsAndOneSampleHasNoSamplingRate() {
        assertEquals(List.of(), detect(new double[] {1, 1.1, 0.9, 1, 1.2, 1, 0.8, 1, 1, 1}));
        assertThrows(IllegalArgumentException.class, () -> detect(new double[] {1.0}), "as Python's estimate_fs raises");
    }

    @Test
    void aRunOfZerosIsAZeroGapAndAStepDownIsADrop() {
        double[] v = new double[800];
        Arrays.fill(v, 1.0);
        Arrays.fill(v, 300, 400, 0.0); // half a second at zero
        Arrays.fill(v, 600, 800, 0.2); // and later a slow-down
        List<VelocityEvent> events = detect(v);
        VelocityEvent zero = events.stream().filter(e -> e.eventType().equals("zero_gap")).findFirst().orElseThrow();
        // the hysteresis window (21 samples here) widens the span by up to half of it at each end
        assertTrue(Math.abs(zero.iStart() - 300) <= 10 && Math.abs(zero.iEnd() - 399) <= 10, zero.toString());
        // on a clean step the score is flat over half a comparison window (25 samples) before it: the first index wins
        assertTrue(events.stream().anyMatch(e -> e.eventType().equals("baseline_drop") && e.iPeak() >= 574 && e.iPeak() <= 600
                && e.baselineBefore() == 1.0 && e.baselineAfter() == 0.2), events.toString());
    }

    @Test
    void aConstantTraceGivesOnlyTheFallbackDropsWithZeroStrength() {
        double[] v = new double[400];
        Arrays.fill(v, 0.7);
        List<VelocityEvent> events = detect(v);
        // the Python detector guarantees top_k_total drop candidates: on a flat trace they have no strength
        assertTrue(events.stream().allMatch(e -> e.eventType().equals("baseline_drop") && e.strength() == 0.0), events.toString());
    }

    /** A synthetic kymograph through radon, then both derived indexers reading their inputs from the view. */
    @Test
    void eventsAndSummaryReadRadonThroughTheViewAndTheSummaryIsItsOwnArithmetic() {
        TestingRecordView image = TestRadonSynthetic.synthetic(0.9, 1200, 30, List.of(new Roi(1, 1, 0, 1, 29, 0, 1200)), 5);
        Table radon = new RadonProvider().create(Map.of()).extractRows(image);
        Table events = new VelocityEventsIndexer().create(Map.of()).extractRows(withInputs(image, Map.of("radon", radon)));
        assertTrue(events.rowCount() >= 0);
        Table summary = new VelocitySummaryIndexer().create(Map.of())
                .extractRows(withInputs(image, Map.of("radon", radon, "velocity_events", events)));
        assertEquals(1, summary.rowCount());
        List<Double> clean = new ArrayList<>();
        for (int r = 0; r < radon.rowCount(); r++) {
            double v = radon.getDouble("clean_velocity_mm_s", r);
            if (!Double.isNaN(v)) {
                clean.add(v);
            }
        }
        double mean = clean.stream().mapToDouble(Double::doubleValue).sum() / clean.size();
        assertEquals(mean, summary.getDouble("clean_mean", 0), 1e-12);
        assertEquals(radon.rowCount(), summary.getInt("n_windows", 0));
        assertEquals(clean.size(), summary.getInt("clean_n_valid", 0));
        assertEquals(summary.getDouble("clean_mean", 0), summary.getDouble("snr_clean_mean", 0), 1e-15, "min_snr 0 keeps every window");
        assertEquals(0.9, summary.getDouble("clean_median", 0), 0.9 * 0.02);
        assertEquals(events.rowCount(), summary.getInt("n_baseline_drop", 0) + summary.getInt("n_baseline_rise", 0)
                + summary.getInt("n_nan_gap", 0) + summary.getInt("n_zero_gap", 0) + summary.getInt("n_below_score_floor", 0));
    }

    /**
     * Python's top-k fallback drops of a flat trace stay in the event rows as Python gives them, flagged as
     * weaker than the detector's own abs_score_floor, and the summary does not count them as drops.
     */
    @Test
    void fallbackDropsBelowTheScoreFloorAreKeptFlaggedAndNotCountedAsDrops() {
        TestingRecordView image = TestRadonSynthetic.synthetic(0.9, 1200, 30, List.of(new Roi(1, 1, 0, 1, 29, 0, 1200)), 5);
        org.kymflow.table.Schema schema = org.kymflow.table.Schema.of(
                org.kymflow.table.Field.required("roi_id", org.kymflow.table.ColumnType.INT),
                org.kymflow.table.Field.required("channel", org.kymflow.table.ColumnType.INT),
                org.kymflow.table.Field.required("window", org.kymflow.table.ColumnType.INT),
                org.kymflow.table.Field.required("time_s", org.kymflow.table.ColumnType.DOUBLE),
                org.kymflow.table.Field.of("velocity_mm_s", org.kymflow.table.ColumnType.DOUBLE),
                org.kymflow.table.Field.of("clean_velocity_mm_s", org.kymflow.table.ColumnType.DOUBLE),
                org.kymflow.table.Field.of("abs_velocity_mm_s", org.kymflow.table.ColumnType.DOUBLE),
                org.kymflow.table.Field.required("velocity_units", org.kymflow.table.ColumnType.STRING));
        Table.RowBuilder flat = Table.builder(schema);
        for (int i = 0; i < 400; i++) {
            flat.addRow(1, 1, i, 0.005 * i, 0.7, 0.7, 0.7, "mm/s");
        }
        Table radon = flat.build();
        Table events = new VelocityEventsIndexer().create(Map.of()).extractRows(withInputs(image, Map.of("radon", radon)));
        assertEquals(2, events.rowCount(), "faithful to Python: two fallback drops");
        for (int r = 0; r < events.rowCount(); r++) {
            assertEquals("baseline_drop", events.getString("event_type", r));
            assertEquals(0.0, Math.abs(events.getDouble("peak_value", r)));
            assertTrue(events.getBoolean(VelocityEventsIndexer.BELOW_SCORE_FLOOR, r));
        }
        Table summary = new VelocitySummaryIndexer().create(Map.of())
                .extractRows(withInputs(image, Map.of("radon", radon, "velocity_events", events)));
        assertEquals(0, summary.getInt("n_baseline_drop", 0));
        assertEquals(2, summary.getInt("n_below_score_floor", 0));
    }

    private static ImageRecordView withInputs(TestingRecordView image, Map<String, Table> inputs) {
        return new TestingRecordView(image.imageId(), image.pixels().toFloatArray(), image.shape()[0], image.shape()[1],
                image.metadata(), image.rois()) {
            @Override
            public Table inputRows(String indexer) {
                return Optional.ofNullable(inputs.get(indexer)).orElseThrow(() -> new IllegalArgumentException("no input " + indexer));
            }
        };
    }
}
