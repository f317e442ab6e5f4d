package org.kymflow.builtin.radon;

/**
 * radon's {@code refine}: a window's streak slope past the angle grid. The faithful search can only return
 * angles 0.25 degree apart, which at fast flow (steep streaks) are several percent of velocity apart, and its
 * projection-variance score is biased in short windows. Starting from its slope {@code u0} (pixels per line),
 * this measures how far the pattern moves between lines directly: for each lag of {@code k} lines it
 * correlates the window's lines with the lines {@code k} later, shifted by the whole pixels nearest
 * {@code u0 * k} and one either side, over the same columns for all three; a three-point Gaussian fit of the
 * correlation peak (the particle-image velocimetry estimator) gives the sub-pixel shift {@code D_k}; and the
 * slope is the least-squares line through the origin of {@code D_k} against {@code k}, each lag weighted by the
 * pixels it compared. Noise is independent between lines, so it adds nothing to the correlations on average,
 * where the difference of interpolated lines would be biased towards half-pixel shifts.
 */
final class SubGridVelocity {
    /** Columns a lag must compare at the largest shift it tries: fewer give peaks that noise and long cells can move. */
    private static final int MIN_OVERLAP = 16;
    /** The movement, in pixels, the longest lag used must measure for the slope to be worth more than the grid's. */
    private static final double MIN_SHIFT = 2.0;
    /** How far, in whole pixels, a lag's peak may lie from where the faithful slope puts it. */
    private static final int SEARCH = 2;

    private SubGridVelocity() {
    }

    /**
     * @param window the window's pixels, mean subtracted, row-major {@code rows x cols}
     * @param rows lines in the window
     * @param cols pixels per line
     * @param u0 the faithful slope, pixels per line (the tangent of its angle)
     * @param still what stands still in the ROI: each column's mean over all its lines, less their mean
     * @return the refined slope, or NaN when no lag gives a peak (a streak too steep for two lines to share
     *     enough pixels, or no correlation peak) or the lags measured less than two pixels of movement: the
     *     faithful angle stands
     */
    static double slope(float[] window, int rows, int cols, double u0, float[] still) {
        if (!Double.isFinite(u0)) {
            return Double.NaN;
        }
        float[] moving = without(window, rows, cols, still);
        double weightedShift = 0;
        double weightedLag = 0;
        double longest = 0;
        for (int k = 1; k < rows; k++) {
            int expected = (int) Math.round(u0 * k);
            if (Math.abs(expected) + SEARCH + 1 > cols - MIN_OVERLAP) {
                break;
            }
            // the same columns for every shift tried: a column set that moved with the shift would tilt the peak
            int x0 = Math.max(0, SEARCH + 1 - expected);
            int x1 = Math.min(cols, cols - expected - SEARCH - 1);
            double[] c = new double[2 * SEARCH + 3];
            for (int i = 0; i < c.length; i++) {
                c[i] = correlation(moving, rows, cols, k, expected - SEARCH - 1 + i, x0, x1);
            }
            int best = SEARCH + 1; // the highest within SEARCH of where the faithful slope puts it
            for (int i = 1; i < c.length - 1; i++) {
                best = c[i] > c[best] ? i : best;
            }
            double delta = peakOffset(c[best - 1], c[best], c[best + 1]);
            if (!(Math.abs(delta) <= 1)) {
                continue; // no peak at this lag: it says nothing
            }
            double shift = expected - SEARCH - 1 + best + delta;
            double weight = (double) (rows - k) * (x1 - x0);
            weightedShift += weight * k * shift;
            longest = Math.max(longest, Math.abs(shift));
            weightedLag += weight * k * k;
        }
        // a three-point peak fit is biased by up to a few hundredths of a pixel: over less than MIN_SHIFT pixels
        // of movement that is more than the grid's error, so the faithful angle stands
        return weightedLag == 0 || longest < MIN_SHIFT ? Double.NaN : weightedShift / weightedLag;
    }

    /**
     * The window less what stands still (the vessel's walls, a detector's column pattern), which correlates best
     * unshifted and would pull every peak towards zero. It is taken from the whole ROI, over which the cells
     * average out; a window's own column means would hold the slow cells themselves and bias slow flow.
     */
    private static float[] without(float[] window, int rows, int cols, float[] still) {
        float[] out = new float[rows * cols];
        for (int t = 0; t < rows; t++) {
            for (int x = 0; x < cols; x++) {
                out[t * cols + x] = window[t * cols + x] - still[x];
            }
        }
        return out;
    }

    /**
     * @param roi a ROI's pixels, row-major {@code rows x cols}
     * @param rows its lines
     * @param cols its pixels per line
     * @return each column's mean over all lines less the mean of those means ({@code slope}'s {@code still})
     */
    static float[] stillPattern(float[] roi, int rows, int cols) {
        double[] sums = new double[cols];
        for (int t = 0; t < rows; t++) {
            for (int x = 0; x < cols; x++) {
                sums[x] += roi[t * cols + x];
            }
        }
        double all = 0;
        for (double sum : sums) {
            all += sum;
        }
        float[] out = new float[cols];
        for (int x = 0; x < cols; x++) {
            out[x] = (float) ((sums[x] - all / cols) / rows);
        }
        return out;
    }

    /**
     * Where the peak lies between three equally spaced values, the middle one highest: a Gaussian through
     * them when all are positive (unbiased for the bell-shaped peak of blurred cells), a parabola otherwise.
     *
     * @return the offset from the middle one, in samples; NaN when the middle one is not a peak
     */
    static double peakOffset(double before, double at, double after) {
        if (!(at > before && at >= after)) {
            return Double.NaN;
        }
        if (before > 0 && after > 0) {
            double lb = Math.log(before);
            double la = Math.log(at);
            double lf = Math.log(after);
            return 0.5 * (lb - lf) / (lb - 2 * la + lf);
        }
        return 0.5 * (before - after) / (before - 2 * at + after);
    }

    /** The sum of products of each line {@code k} lines later, shifted by {@code n} pixels, with the line, over columns x0..x1. */
    private static double correlation(float[] w, int rows, int cols, int k, int n, int x0, int x1) {
        double sum = 0;
        for (int t = 0; t + k < rows; t++) {
            int later = (t + k) * cols + n;
            int line = t * cols;
            for (int x = x0; x < x1; x++) {
                sum += w[later + x] * w[line + x];
            }
        }
        return sum;
    }
}
