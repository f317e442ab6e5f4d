package org.kymflow.builtin.diameter;

/**
 * The optional smoothing of the diameter over measured lines, as Python's post-filter: a NaN-safe running
 * median, or a Hampel filter (median +- n robust sigmas, MAD scaled by 1.4826). It fills
 * {@code diameterFiltered} and {@code wasFiltered}; the measured diameter is left as it is.
 */
final class PostFilter {
    private PostFilter() {
    }

    /**
     * @param r the measured lines; its filtered columns are set
     * @param params the post-filter params
     */
    static void apply(DiameterAnalysis.Result r, DiameterParams params) {
        double[] raw = r.diameter();
        int half = params.postFilterKernelSize() / 2;
        boolean median = "median".equals(params.postFilter());
        if ("none".equals(params.postFilter())) {
            return;
        }
        for (int i = 0; i < raw.length; i++) {
            if (!Double.isFinite(raw[i])) {
                continue;
            }
            double[] valid = NumpyMath.finiteSorted(window(raw, i, half));
            if (median) {
                double m = NumpyMath.medianOfSorted(valid);
                r.diameterFiltered()[i] = m;
                r.wasFiltered()[i] = !isClose(raw[i], m);
                continue;
            }
            if (valid.length < 2) {
                continue;
            }
            double med = NumpyMath.medianOfSorted(valid);
            double[] deviations = new double[valid.length];
            for (int k = 0; k < valid.length; k++) {
                deviations[k] = Math.abs(valid[k] - med);
            }
            java.util.Arrays.sort(deviations);
            double sigma = 1.4826 * NumpyMath.medianOfSorted(deviations);
            if (sigma > 0 && Math.abs(raw[i] - med) > params.hampelNSigma() * sigma) {
                r.diameterFiltered()[i] = med;
                r.wasFiltered()[i] = true;
            }
        }
    }

    private static double[] window(double[] x, int i, int half) {
        int from = Math.max(0, i - half);
        int to = Math.min(x.length, i + half + 1);
        return java.util.Arrays.copyOfRange(x, from, to);
    }

    /** {@code numpy.isclose} with its default tolerances. */
    private static boolean isClose(double a, double b) {
        return Math.abs(a - b) <= 1e-8 + 1e-5 * Math.abs(b);
    }
}
