package org.kymflow.builtin;

import org.kymflow.api.testing.TestingRecordView;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kymflow.builtin.radon.RadonIndexer;
import org.kymflow.builtin.radon.RadonParams;
import org.kymflow.table.Table;

/** The reference CSV of the Python implementation judges our radon. */
class TestRadonReference {
    @Test
    void radonReproducesThePythonReferenceOnAllThreeRois() throws Exception {
        TestingRecordView rec = RealData.capillary();
        List<double[]> ref = new ArrayList<>(); // roi, time, velocity, clean
        try (BufferedReader in = Files.newBufferedReader(RealData.folder().resolve("Capillary1_0001_kymanalysis.csv"))) {
            in.readLine();
            String line;
            while ((line = in.readLine()) != null) {
                String[] f = line.split(",", -1);
                ref.add(new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[2]), parse(f[3]), parse(f[11])});
            }
        }
        long start = System.nanoTime();
        Table t = new RadonIndexer(RadonParams.from(java.util.Map.of()), true).extractRows(rec);
        System.out.printf("radon on 3 ROIs (%d windows): %.1f s%n", t.rowCount(), (System.nanoTime() - start) / 1e9);
        assertEquals(ref.size(), t.rowCount(), "window count");
        int thetaSame = 0;
        int thetaClose = 0;
        int velocityChecked = 0;
        int velocityBad = 0;
        int nanCompared = 0;
        int nanMismatch = 0;
        double delx = 0.284;
        double delt = 35.099 / 30000;
        for (int i = 0; i < ref.size(); i++) {
            double[] r = ref.get(i);
            assertEquals((int) r[0], t.getInt("roi_id", i), "roi at row " + i);
            assertEquals(r[1], t.getDouble("time_s", i), Math.abs(r[1]) * 1e-9, "time at row " + i);
            double refTheta = Math.toDegrees(Math.atan(r[2] * 1000 * delt / delx));
            double theta = t.getDouble("theta_deg", i);
            // both thetas recovered from velocity the same way, so 90 and -90 (one angle) compare equal
            double thetaFolded = Math.toDegrees(Math.atan(t.getDouble("velocity_mm_s", i) * 1000 * delt / delx));
            double diff = Math.abs(refTheta - thetaFolded);
            if (diff < 1e-3) {
                thetaSame++;
                velocityChecked++;
                double v = t.getDouble("velocity_mm_s", i);
                if (Math.abs(v - r[2]) > 5e-7 * Math.abs(r[2]) + 1e-12) {
                    velocityBad++;
                }
            }
            if (diff >= 1e-3) {
                System.out.printf("theta differs at row %d roi %d: reference %.4f, ours %.4f (raw %.2f)%n", i, (int) r[0],
                        refTheta, thetaFolded, theta);
            }
            if (diff <= 0.25 + 1e-3) {
                thetaClose++;
            }
            boolean edge = i == 0 || i == ref.size() - 1 || ref.get(i - 1)[0] != r[0] || ref.get(i + 1)[0] != r[0];
            if (!edge) {
                nanCompared++;
                if (Double.isNaN(r[3]) != Double.isNaN(t.getDouble("clean_velocity_mm_s", i))) {
                    nanMismatch++;
                }
            }
        }
        double same = thetaSame / (double) ref.size();
        double close = thetaClose / (double) ref.size();
        System.out.printf("theta identical %d/%d (%.4f%%), within 0.25 deg %.4f%%, velocity off in %d of %d, clean NaN mismatches %d of %d%n",
                thetaSame, ref.size(), 100 * same, 100 * close, velocityBad, velocityChecked, nanMismatch, nanCompared);
        assertTrue(same >= 0.999, "theta identical in " + same);
        assertTrue(close >= 0.9998, "theta within 0.25 deg in " + close);
        assertEquals(0, velocityBad, "velocity within relative 5e-7 where theta agrees");
        // Known gap (see README): the reference's NaN positions come from scipy.signal.medfilt, whose
        // result around NaN is undefined and version-dependent (scipy 1.10 itself differs from the
        // reference in 250 windows). Our NaN-ignoring median differs in 249; guard against regressions.
        assertTrue(nanMismatch <= 260, "clean-velocity NaN positions differ in " + nanMismatch + " windows");
    }

    private static double parse(String s) {
        return s.isEmpty() || s.equalsIgnoreCase("nan") ? Double.NaN : Double.parseDouble(s);
    }
}
