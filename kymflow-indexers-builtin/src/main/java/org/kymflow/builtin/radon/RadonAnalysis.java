package org.kymflow.builtin.radon;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Flow velocity along one ROI of a kymograph, window by window, as the Python kymflow's mpRadon computes
 * it. Works on a float32 copy of the ROI; the pixels themselves are never touched.
 */
final class RadonAnalysis {
    /** Fine offsets -2 .. +1.75 degrees by 0.25, in quarter degrees, as numpy's arange(-2, 2, 0.25). */
    static final int[] FINE_OFFSETS = IntStream.range(-8, 8).toArray();

    /** Per-window results of one ROI. */
    record Result(double[] timeS, double[] thetaDeg, double[] velocity, double[] cleanVelocity, double[] snr) {
    }

    private RadonAnalysis() {
    }

    /**
     * @param roi the ROI pixels as float32, row-major rows x cols (rows = time)
     * @param rows ROI rows
     * @param cols ROI columns
     * @param y0 the ROI's first row in the image (for window times)
     * @param windowSize rows per window (positive multiple of 4)
     * @param delx um per pixel (1 when unknown)
     * @param delt s per line (1 when unknown)
     * @param physical whether delx/delt are real (mm/s) or placeholders (pixels/line)
     * @param outlierStd clean velocity drops values beyond mean +- outlierStd * std
     * @param parallel whether to spread windows over the common pool
     * @return the per-window results
     */
    static Result analyze(float[] roi, int rows, int cols, int y0, int windowSize, double delx, double delt,
                          boolean physical, double outlierStd, boolean parallel) {
        return analyze(roi, rows, cols, y0, windowSize, delx, delt, physical, outlierStd, parallel, false);
    }

    /**
     * {@link #analyze(float[], int, int, int, int, double, double, boolean, double, boolean)}, each window's slope
     * refined past the angle grid when asked ({@link SubGridVelocity}); its angle is then the refined slope's.
     *
     * @param roi the ROI pixels as float32, row-major rows x cols (rows = time)
     * @param rows ROI rows
     * @param cols ROI columns
     * @param y0 the ROI's first row in the image (for window times)
     * @param windowSize rows per window (positive multiple of 4)
     * @param delx um per pixel (1 when unknown)
     * @param delt s per line (1 when unknown)
     * @param physical whether delx/delt are real (mm/s) or placeholders (pixels/line)
     * @param outlierStd clean velocity drops values beyond mean +- outlierStd * std
     * @param parallel whether to spread windows over the common pool
     * @param refine whether to refine each window's slope past the grid
     * @return the per-window results
     */
    static Result analyze(float[] roi, int rows, int cols, int y0, int windowSize, double delx, double delt,
                          boolean physical, double outlierStd, boolean parallel, boolean refine) {
        int step = windowSize / 4;
        int windows = Math.max(0, rows / step - 3);
        double[] time = new double[windows];
        double[] theta = new double[windows];
        double[] velocity = new double[windows];
        double[] snr = new double[windows];
        RadonKernel kernel = RadonKernel.forShape(windowSize, cols);
        int batches = (windows + RadonKernel.BATCH - 1) / RadonKernel.BATCH;
        IntStream range = IntStream.range(0, batches);
        if (parallel) {
            range = range.parallel();
        }
        // each batch in its own small methods: a long lambda with loops inside would be compiled by C2 three
        // times over (twice on stack replacement, once whole), each time with the whole kernel inlined
        float[] still = refine ? SubGridVelocity.stillPattern(roi, rows, cols) : null;
        range.forEach(b -> analyzeBatch(b, roi, cols, y0, windowSize, step, windows, delx, delt, physical, kernel,
            time, theta, velocity, snr, still));
        return new Result(time, theta, velocity, clean(velocity, outlierStd), snr);
    }

    /** Windows {@code BATCH * b ..} of {@link #analyze}: their times, and their angles and velocities unless empty. */
    private static void analyzeBatch(int b, float[] roi, int cols, int y0, int windowSize, int step, int windows,
                                     double delx, double delt, boolean physical, RadonKernel kernel, double[] time,
                                     double[] theta, double[] velocity, double[] snr, float[] still) {
        float[] window = new float[windowSize * cols];
        double[][] groups = new double[RadonKernel.BATCH / RadonKernel.GROUP][kernel.groupSize()];
        int[] slotWindow = new int[RadonKernel.BATCH];
        int count = 0;
        for (int k = b * RadonKernel.BATCH; k < Math.min(windows, (b + 1) * RadonKernel.BATCH); k++) {
            int start = k * step;
            time[k] = (float) (y0 + start + windowSize / 2.0) * (float) delt; // float32 product, as the reference
            if (!meanSubtracted(roi, start * cols, window)) {
                // NaN pixels have no angle; a constant window ties at every angle: no streak, no velocity
                theta[k] = Double.NaN;
                velocity[k] = Double.NaN;
                snr[k] = Double.NaN;
                continue;
            }
            kernel.pad(window, groups[count / RadonKernel.GROUP], count % RadonKernel.GROUP);
            slotWindow[count++] = k;
        }
        int[] quarters = new int[count];
        double[] snrs = new double[count];
        kernel.bestQuarters(groups, count, FINE_OFFSETS, quarters, snrs);
        for (int s = 0; s < count; s++) {
            int k = slotWindow[s];
            snr[k] = snrs[s];
            theta[k] = quarters[s] / 4.0;
            // float32 throughout, as numpy runs it on a float32 angle array: deg2rad, tan, then
            // (delx / delt) * tan / 1000 with the Python-float ratio cast to float32 (value-based casting)
            float radians = (float) theta[k] * (float) (Math.PI / 180.0);
            float tan = (float) Math.tan(radians);
            velocity[k] = physical ? (float) (delx / delt) * tan / 1000f : tan;
            if (still != null) { // refine
                meanSubtracted(roi, k * step * cols, window);
                double slope = SubGridVelocity.slope(window, windowSize, cols, Math.tan(Math.toRadians(theta[k])), still);
                if (!Double.isNaN(slope)) { // else the faithful angle stands: no lag could measure the shift
                    theta[k] = Math.toDegrees(Math.atan(slope));
                    velocity[k] = physical ? delx / delt * slope / 1000 : slope;
                }
            }
        }
    }

    /**
     * Copies {@code window.length} pixels from {@code offset} and subtracts their float32 mean.
     *
     * @return false when a pixel is not finite or all are equal (the window has no angle)
     */
    private static boolean meanSubtracted(float[] roi, int offset, float[] window) {
        double sum = 0;
        boolean finite = true;
        for (int i = 0; i < window.length; i++) {
            float v = roi[offset + i];
            window[i] = v;
            sum += v;
            finite &= Float.isFinite(v);
        }
        float mean = (float) (sum / window.length);
        boolean constant = true;
        for (int i = 0; i < window.length; i++) {
            window[i] -= mean;
            constant &= window[i] == 0f;
        }
        return finite && !constant;
    }

    /**
     * Values outside mean +- k std (population, NaN ignored) become NaN, as the Python kymflow's
     * {@code _removeOutliers}; then a 3-point median that ignores NaN, as {@code numpy.nanmedian}: the
     * median of the values present (the mean of two when one is NaN), NaN only when all three are. The
     * first and last values keep their masked value.
     *
     * <p>Python runs {@code scipy.signal.medfilt}, whose result around NaN is undefined and differs
     * between scipy versions; ignoring NaN matches the reference's NaN positions as closely as scipy 1.10
     * itself does, and never lets one outlier erase its neighbours.
     */
    static double[] clean(double[] velocity, double k) {
        double sum = 0;
        int n = 0;
        for (double v : velocity) {
            if (!Double.isNaN(v)) {
                sum += v;
                n++;
            }
        }
        double mean = n == 0 ? Double.NaN : sum / n;
        double squares = 0;
        for (double v : velocity) {
            if (!Double.isNaN(v)) {
                squares += (v - mean) * (v - mean);
            }
        }
        double std = n == 0 ? Double.NaN : Math.sqrt(squares / n);
        double[] masked = new double[velocity.length];
        for (int i = 0; i < velocity.length; i++) {
            double v = velocity[i];
            masked[i] = Double.isNaN(v) || v < mean - k * std || v > mean + k * std ? Double.NaN : v;
        }
        double[] out = masked.clone();
        double[] present = new double[3];
        for (int i = 1; i < masked.length - 1; i++) {
            int count = 0;
            for (int j = i - 1; j <= i + 1; j++) {
                if (!Double.isNaN(masked[j])) {
                    present[count++] = masked[j];
                }
            }
            Arrays.sort(present, 0, count);
            out[i] = switch (count) {
                case 0 -> Double.NaN;
                case 1 -> present[0];
                case 2 -> (present[0] + present[1]) / 2;
                default -> present[1];
            };
        }
        return out;
    }
}
