package org.kymflow.builtin.synthetic;

import java.util.Random;

/**
 * Draws cross-section line scans with known walls, for tests, the accuracy benchmark and the demo: a bright
 * lumen between two logistic walls whose centre wobbles and whose diameter breathes, as the Python kymflow's
 * {@code synthetic_kymograph} draws them, with its artefacts as knobs (background, temporal drift, a fixed
 * pattern per column, additive noise, speckle on the signal, wall jitter, polarity) and the lumen's width
 * and the walls' softness as knobs of ours. The truth is each line's wall positions, in pixels.
 *
 * @param lines lines (time)
 * @param width pixels per line
 * @param diameterFraction the mean diameter as a share of the width (Python: 0.28)
 * @param breathingFraction the diameter's oscillation as a share of the width (Python: 0.07)
 * @param softness the walls' logistic scale, pixels (Python: 1.5)
 * @param peakCounts the lumen's brightness above the background, counts
 * @param baselineCounts the background, counts
 * @param noiseFraction additive Gaussian noise, as a share of {@code peakCounts}
 * @param driftCounts amplitude of a background that rises and falls over time, counts
 * @param driftPeriodLines its period
 * @param fixedPatternCounts standard deviation of a per-column offset, counts
 * @param speckleFraction multiplicative noise on the signal, as a share of it
 * @param jitterPx standard deviation of each wall's independent jitter per line, pixels
 * @param darkOnBright draw a dark lumen on a bright background
 * @param maxCounts the detector's largest count; values are clipped to 0 .. this and truncated to integers
 * @param seed the random seed (same seed, same scan)
 */
public record CrossSectionScan(int lines, int width, double diameterFraction, double breathingFraction, double softness,
                               double peakCounts, double baselineCounts, double noiseFraction, double driftCounts, int driftPeriodLines,
                               double fixedPatternCounts, double speckleFraction, double jitterPx, boolean darkOnBright, double maxCounts,
                               long seed) {
    /**
     * @param lines lines
     * @param width pixels per line
     * @param seed the random seed
     * @return Python's default scan: 11-bit counts, 2% noise, no other artefact
     */
    public static CrossSectionScan of(int lines, int width, long seed) {
        return new CrossSectionScan(lines, width, 0.28, 0.07, 1.5, 2047, 0, 0.02, 0, 120, 0, 0, 0, false, 2047, seed);
    }

    /**
     * A drawn scan.
     *
     * @param pixels row-major counts, {@code lines x width}
     * @param left each line's left wall, pixels
     * @param right each line's right wall
     */
    public record Drawn(double[] pixels, double[] left, double[] right) {
        /**
         * @param line a line
         * @return its true diameter, pixels
         */
        public double diameter(int line) {
            return right[line] - left[line];
        }
    }

    /** @return the scan, drawn */
    public Drawn draw() {
        Random random = new Random(seed);
        double[] column = new double[width];
        for (int x = 0; x < width; x++) {
            column[x] = fixedPatternCounts * random.nextGaussian();
        }
        double[] left = new double[lines];
        double[] right = new double[lines];
        double[] pixels = new double[lines * width];
        for (int t = 0; t < lines; t++) {
            double center = width / 2.0 + 3.0 * Math.sin(2 * Math.PI * t / Math.max(25.0, lines / 4.0));
            double diameter = width * diameterFraction + width * breathingFraction * Math.sin(2 * Math.PI * t / Math.max(12.0, lines / 8.0));
            diameter = Math.min(Math.max(diameter, 8.0), width * 0.6);
            left[t] = center - diameter / 2 + jitterPx * random.nextGaussian();
            right[t] = Math.max(center + diameter / 2 + jitterPx * random.nextGaussian(), left[t] + 1.0);
            double drift = driftCounts * Math.sin(2 * Math.PI * t / driftPeriodLines);
            for (int x = 0; x < width; x++) {
                double signal = 1 / (1 + Math.exp(-(x - left[t]) / softness)) / (1 + Math.exp((x - right[t]) / softness));
                double counts = signal * peakCounts + baselineCounts + drift + column[x] + noiseFraction * peakCounts * random.nextGaussian()
                        + signal * peakCounts * speckleFraction * random.nextGaussian();
                if (darkOnBright) {
                    counts = 2 * baselineCounts + peakCounts - counts;
                }
                pixels[t * width + x] = Math.floor(Math.min(Math.max(counts, 0), maxCounts));
            }
        }
        return new Drawn(pixels, left, right);
    }
}
