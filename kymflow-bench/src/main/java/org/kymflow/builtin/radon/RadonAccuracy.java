package org.kymflow.builtin.radon;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.kymflow.builtin.synthetic.RedCellScan;

/**
 * radon's accuracy against the truth, faithful and with {@code refine}: red-cell scans in the real capillary's
 * geometry (38 pixels of 0.284 um, 1.17 ms per line, 3,000 lines) over velocities in both directions, noise
 * levels, window sizes and cell sizes, with seeds no test uses. Prints, per scan, the median per-window
 * error and the error of the scan's median velocity, then the pooled medians. Run with
 * {@code kymflow-bench/run-radon-accuracy.sh}.
 */
public final class RadonAccuracy {
    private static final double DELX = 0.284;
    private static final double DELT = 35.099 / 30000;

    private RadonAccuracy() {
    }

    /**
     * @param args none
     */
    public static void main(String[] args) {
        List<Double> faithfulAll = new ArrayList<>();
        List<Double> refinedAll = new ArrayList<>();
        double worstFaithful = 0;
        double worstRefined = 0;
        long seed = 9001;
        System.out.println("| mm/s | noise | window | shadows px | faithful window median % | refined | faithful scan median % | refined |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (double cells : new double[] {1, 3}) {
            for (double v : new double[] {0.2, 0.5, 1.0, 1.5, 2.0, -0.4, -1.2, -2.0}) {
                for (double noise : new double[] {30, 100}) {
                    for (int window : new int[] {16, 32}) {
                        float[] px = new RedCellScan(3000, 38, v * 1000 * DELT / DELX, noise, seed++, cells).draw();
                        double[] f = RadonAnalysis.analyze(px, 3000, 38, 0, window, DELX, DELT, true, 2.0, true, false).velocity();
                        double[] r = RadonAnalysis.analyze(px, 3000, 38, 0, window, DELX, DELT, true, 2.0, true, true).velocity();
                        double[] fe = errors(f, v, faithfulAll);
                        double[] re = errors(r, v, refinedAll);
                        double fs = 100 * (median(f) - v) / Math.abs(v);
                        double rs = 100 * (median(r) - v) / Math.abs(v);
                        if (cells == 1) {
                            worstFaithful = Math.max(worstFaithful, Math.abs(fs));
                            worstRefined = Math.max(worstRefined, Math.abs(rs));
                        }
                        System.out.printf(Locale.ROOT, "| %.1f | %.0f | %d | %.0f | %.2f | %.2f | %+.2f | %+.2f |%n", v, noise, window, cells,
                                100 * median(fe), 100 * median(re), fs, rs);
                    }
                }
            }
        }
        double f = median(faithfulAll.stream().mapToDouble(Double::doubleValue).toArray());
        double r = median(refinedAll.stream().mapToDouble(Double::doubleValue).toArray());
        System.out.printf(Locale.ROOT, "pooled median per-window error: faithful %.3f%%, refined %.3f%% (%.2fx); worst scan median "
                + "(1-pixel shadows): faithful %.2f%%, refined %.2f%%%n", 100 * f, 100 * r, r / f, worstFaithful, worstRefined);
    }

    private static double[] errors(double[] v, double truth, List<Double> all) {
        double[] e = Arrays.stream(v).filter(Double::isFinite).map(x -> Math.abs(x - truth) / Math.abs(truth)).toArray();
        Arrays.stream(e).forEach(all::add);
        return e;
    }

    private static double median(double[] values) {
        double[] sorted = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
        return sorted[sorted.length / 2];
    }
}
