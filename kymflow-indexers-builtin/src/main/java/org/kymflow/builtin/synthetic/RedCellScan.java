package org.kymflow.builtin.synthetic;

import java.util.Random;

/**
 * Draws line scans along a vessel with a known flow, for radon's accuracy tests and benchmark: red-cell
 * shadows of random size and darkness, at random places (about one every 7 pixels), all moving
 * {@code pixelsPerLine} each line over bright plasma, with Gaussian noise; rounded to whole counts. Unlike
 * {@link SyntheticKymograph}'s evenly spaced streaks, the pattern never repeats, so no slope is ambiguous.
 *
 * @param lines lines (time)
 * @param width pixels per line
 * @param pixelsPerLine the flow: how far the cells move each line (sign = direction)
 * @param noise the noise's standard deviation, counts (the plasma is 1200, a cell's shadow 300 to 700 deep)
 * @param seed the random seed (same seed, same scan)
 * @param cellSize a shadow's Gaussian width, pixels: each cell's is 1 to 2.2 times this (1: a cell seen
 *     across, a few pixels; 5: a cell seen along the capillary, as long as the capillary is wide)
 */
public record RedCellScan(int lines, int width, double pixelsPerLine, double noise, long seed, double cellSize) {
    /**
     * Cells seen across: shadows 1 to 2.2 pixels wide.
     *
     * @param lines lines (time)
     * @param width pixels per line
     * @param pixelsPerLine the flow
     * @param noise the noise, counts
     * @param seed the random seed
     */
    public RedCellScan(int lines, int width, double pixelsPerLine, double noise, long seed) {
        this(lines, width, pixelsPerLine, noise, seed, 1.0);
    }

    /** @return the scan, row-major {@code lines x width} */
    public float[] draw() {
        Random random = new Random(seed);
        double u = pixelsPerLine;
        double span = Math.abs(u) * lines + width + 40;
        int cells = (int) (span / (7 * cellSize));
        double start = u >= 0 ? -Math.abs(u) * lines - 20 : -20;
        double[] at = new double[cells];
        double[] size = new double[cells];
        double[] depth = new double[cells];
        for (int i = 0; i < cells; i++) {
            at[i] = start + random.nextDouble() * span;
            size[i] = cellSize * (1.0 + random.nextDouble() * 1.2);
            depth[i] = 300 + random.nextDouble() * 400;
        }
        // positions in order, so each pixel looks only at the cells near it (sizes and depths are independent
        // draws, so sorting the positions alone keeps every cell random)
        java.util.Arrays.sort(at);
        double reach = 8 * cellSize; // beyond 3.6 widths a shadow is below a count
        float[] px = new float[lines * width];
        for (int t = 0; t < lines; t++) {
            int first = lowerBound(at, -reach - u * t);
            for (int x = 0; x < width; x++) {
                double v = 1200;
                for (int i = first; i < cells && at[i] + u * t < x + reach; i++) {
                    double d = x - (at[i] + u * t);
                    if (Math.abs(d) < reach) {
                        v -= depth[i] * Math.exp(-d * d / (2 * size[i] * size[i]));
                    }
                }
                px[t * width + x] = (float) Math.round(v + noise * random.nextGaussian());
            }
        }
        return px;
    }

    private static int lowerBound(double[] sorted, double value) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
