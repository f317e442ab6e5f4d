package org.kymflow.builtin.heartrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Traces of known heart rate: a velocity trace like the capillary's (4.68 ms windows, 35 s, about 1.2 mm/s)
 * modulated at a known rate, with noise and NaN gaps. Welch's bins lie 30 bpm apart, so its estimate is off by
 * up to 15 (16 where noise tips the peak into the farther bin); the refined Lomb-Scargle peak must be within
 * 1 bpm of the truth (it is within 0.1 on these 24 traces).
 */
class TestHeartRateAccuracy {
    /** A trace of {@code seconds} at the capillary's window rate; NaN runs where cells were not seen. */
    static double[][] trace(double bpm, double seconds, double noise, double nanFraction, long seed) {
        Random r = new Random(seed);
        int n = (int) (seconds / 0.0046799);
        double[] t = new double[n];
        double[] v = new double[n];
        double phase = r.nextDouble() * 2 * Math.PI;
        for (int i = 0; i < n; i++) {
            t[i] = 0.0094 + i * 0.0046799;
            v[i] = -(1.2 + 0.25 * Math.sin(2 * Math.PI * bpm / 60 * t[i] + phase)) + noise * r.nextGaussian();
        }
        int gaps = (int) (nanFraction * n / 40);
        for (int g = 0; g < gaps; g++) {
            int start = r.nextInt(n - 40);
            int length = 1 + r.nextInt(40); // gaps of 5 to 190 ms: some interpolated for Welch, some not
            for (int i = start; i < start + length; i++) {
                v[i] = Double.NaN;
            }
        }
        return new double[][] {t, v};
    }

    @Test
    void theRefinedPeakIsWithinOneBpmWhereWelchIsOffByUpToFifteen() {
        List<String> report = new ArrayList<>();
        double worstRefined = 0;
        double worstWelch = 0;
        double worstLomb = 0;
        Random r = new Random(11);
        for (int k = 0; k < 24; k++) {
            double bpm = 260 + r.nextDouble() * 320;
            double noise = 0.1 + 0.3 * (k % 4);
            double[][] tv = trace(bpm, 35, noise, 0.02 * (k % 3), k);
            HeartRateAnalysis.Summary s = HeartRateAnalysis.analyze(tv[0], tv[1], HeartRateParams.ofDefaults());
            assertEquals("ok", s.status(), "trace " + k + ": " + s.statusNote());
            double refined = 60 * s.refinedHz();
            worstRefined = Math.max(worstRefined, Math.abs(refined - bpm));
            worstWelch = Math.max(worstWelch, Math.abs(s.welch().bpm() - bpm));
            worstLomb = Math.max(worstLomb, Math.abs(s.lomb().bpm() - bpm));
            report.add(String.format("%.2f: refined %.2f, lomb %.2f, welch %.2f", bpm, refined, s.lomb().bpm(), s.welch().bpm()));
        }
        System.out.printf("heart rate of 24 synthetic traces: worst error refined %.3f bpm, Lomb grid %.3f, Welch %.3f%n",
                worstRefined, worstLomb, worstWelch);
        assertTrue(worstRefined < 1.0, "refined within 1 bpm: " + report);
        assertTrue(worstWelch > 10.0, "Welch's bins are 30 bpm apart, so some trace must fall between them: " + report);
        assertTrue(worstLomb < 0.36, "the Lomb-Scargle grid is 0.70 bpm fine: " + report);
    }

    @Test
    void tooFewValidWindowsGiveNoEstimateAndSaySo() {
        double[][] tv = trace(400, 1.0, 0.1, 0, 1); // 213 windows: fewer than Python's 256
        HeartRateAnalysis.Summary s = HeartRateAnalysis.analyze(tv[0], tv[1], HeartRateParams.ofDefaults());
        assertEquals("insufficient_valid", s.status());
        assertEquals("not enough valid samples for reliable HR estimate", s.statusNote());
        assertTrue(!s.lomb().present() && !s.welch().present() && Double.isNaN(s.refinedHz()));
    }

    @Test
    void paramsOutOfRangeAreRefusedNamingTheParam() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new HeartRateIndexer().create(Map.of("bpm_band_lo", 700.0)));
        assertTrue(e.getMessage().contains("heart_rate") && e.getMessage().contains("bpm_band_lo"), e.getMessage());
    }

    @Test
    void theSegmentSeriesFollowsARateThatChanges() {
        double[][] first = trace(300, 20, 0.2, 0, 3);
        double[][] second = trace(450, 20, 0.2, 0, 4);
        int n = first[0].length;
        double[] t = new double[2 * n];
        double[] v = new double[2 * n];
        for (int i = 0; i < n; i++) {
            t[i] = first[0][i];
            v[i] = first[1][i];
            t[n + i] = first[0][n - 1] + 0.0046799 * (i + 1);
            v[n + i] = second[1][i];
        }
        for (int i = n / 2; i < n / 2 + 400; i++) {
            v[i] = Double.NaN; // 1.9 s without cells: the windows over it have too few valid samples
        }
        List<HeartRateAnalysis.Segment> segments = HeartRateAnalysis.segments(t, v, HeartRateParams.ofDefaults(), 6, 1, 0.5);
        double span = t[2 * n - 1] - t[0];
        assertEquals((int) Math.floor(span - 6 + 1e-9) + 1, segments.size(), "6 s windows every 1 s over " + span + " s");
        int early = 0;
        int late = 0;
        int withoutEstimate = 0;
        for (HeartRateAnalysis.Segment s : segments) {
            double right = s.tCenter() + 3;
            double left = s.tCenter() - 3;
            if (!s.welch().present()) {
                withoutEstimate++;
                assertTrue(s.validFrac() < 0.9, "a window without an estimate lost samples: " + s);
            } else if (right < t[n]) {
                early++;
                assertEquals(300, s.welch().bpm(), 16.2, "before the change: " + s);
            } else if (left > t[n]) {
                late++;
                assertEquals(450, s.welch().bpm(), 16.2, "after the change: " + s);
            }
        }
        assertTrue(early >= 5 && late >= 10, "windows on each side: " + early + " and " + late);
        assertTrue(withoutEstimate == 0 || withoutEstimate <= 3, "windows without an estimate: " + withoutEstimate);
    }
}
