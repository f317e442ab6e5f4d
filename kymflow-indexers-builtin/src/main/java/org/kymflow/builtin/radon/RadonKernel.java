package org.kymflow.builtin.radon;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The sliding-window Radon kernel of Drew et al. 2010 as the Python kymflow runs it through
 * scikit-image's {@code radon(window, theta, circle=False)}: zero-pad the window to an N x N square
 * (N = ceil(sqrt(2) max(H, W))), rotate about N//2 with bilinear interpolation, sum columns, and score
 * each angle by the population variance of that projection.
 *
 * <p>The rotation of a window depends only on its shape and the angle, so for each window shape the
 * kernel keeps, per angle, the list of output pixels that touch the data with their four neighbour
 * indices and interpolation weights (computed once, shared by every window and thread). Arithmetic
 * follows numpy's: interpolation in double, stored as float32, column sums and variance accumulated in
 * float32 in row order.
 */
final class RadonKernel {
    /** Quarter degrees from -2 to 181.75: every coarse and fine angle. */
    static final int MIN_QUARTER = -8;
    static final int MAX_QUARTER = 181 * 4 + 3;

    private static final ConcurrentHashMap<Long, RadonKernel> CACHE = new ConcurrentHashMap<>();

    private final int height;
    private final int width;
    private final int size; // N
    private final int[][] column;
    private final int[][] neighbours; // 4 per entry: tl, tr, bl, br as window indices, -1 outside
    private final double[][] weights; // 2 per entry: dr, dc

    static RadonKernel forShape(int height, int width) {
        return CACHE.computeIfAbsent(((long) height << 32) | width, k -> new RadonKernel(height, width));
    }

    private RadonKernel(int height, int width) {
        this.height = height;
        this.width = width;
        double diagonal = Math.sqrt(2) * Math.max(height, width);
        int[] shape = {height, width};
        int[] padBefore = new int[2];
        int n = 0;
        for (int i = 0; i < 2; i++) {
            int pad = (int) Math.ceil(diagonal - shape[i]);
            int newCenter = (shape[i] + pad) / 2;
            int oldCenter = shape[i] / 2;
            padBefore[i] = newCenter - oldCenter;
            n = shape[i] + pad;
        }
        this.size = n;
        int center = n / 2;
        int angles = MAX_QUARTER - MIN_QUARTER + 1;
        column = new int[angles][];
        neighbours = new int[angles][];
        weights = new double[angles][];
        int[] colBuf = new int[n * n];
        int[] nbBuf = new int[n * n * 4];
        double[] wBuf = new double[n * n * 2];
        for (int q = MIN_QUARTER; q <= MAX_QUARTER; q++) {
            double angle = (q / 4.0) * (Math.PI / 180.0); // numpy deg2rad: x * (pi / 180)
            double cos = Math.cos(angle);
            double sin = Math.sin(angle);
            double m02 = -center * (cos + sin - 1);
            double m12 = -center * (cos - sin - 1);
            int count = 0;
            for (int r = 0; r < n; r++) {
                for (int c = 0; c < n; c++) {
                    double x = cos * c + sin * r + m02; // input column
                    double y = -sin * c + cos * r + m12; // input row
                    double minR = Math.floor(y);
                    double minC = Math.floor(x);
                    double maxR = Math.ceil(y);
                    double maxC = Math.ceil(x);
                    int tl = index(minR, minC, padBefore);
                    int tr = index(minR, maxC, padBefore);
                    int bl = index(maxR, minC, padBefore);
                    int br = index(maxR, maxC, padBefore);
                    if ((tl & tr & bl & br) == -1) {
                        continue; // all four outside the data: exactly zero
                    }
                    colBuf[count] = c;
                    nbBuf[4 * count] = tl;
                    nbBuf[4 * count + 1] = tr;
                    nbBuf[4 * count + 2] = bl;
                    nbBuf[4 * count + 3] = br;
                    wBuf[2 * count] = y - minR;
                    wBuf[2 * count + 1] = x - minC;
                    count++;
                }
            }
            int a = q - MIN_QUARTER;
            column[a] = java.util.Arrays.copyOf(colBuf, count);
            neighbours[a] = java.util.Arrays.copyOf(nbBuf, 4 * count);
            weights[a] = java.util.Arrays.copyOf(wBuf, 2 * count);
        }
    }

    private int index(double row, double col, int[] padBefore) {
        int r = (int) row - padBefore[0];
        int c = (int) col - padBefore[1];
        if (row < 0 || col < 0 || r < 0 || c < 0 || r >= height || c >= width) {
            return -1;
        }
        return r * width + c;
    }

    int size() {
        return size;
    }

    /**
     * The score of one angle: population variance (float32) of the Radon projection of a window.
     *
     * @param window the mean-subtracted window, float32, row-major height x width
     * @param quarter the angle in quarter degrees
     * @param projection scratch of length N
     */
    float score(float[] window, int quarter, float[] projection) {
        int a = quarter - MIN_QUARTER;
        int[] cols = column[a];
        int[] nb = neighbours[a];
        double[] w = weights[a];
        java.util.Arrays.fill(projection, 0f);
        for (int i = 0; i < cols.length; i++) {
            double dr = w[2 * i];
            double dc = w[2 * i + 1];
            int tlI = nb[4 * i];
            int trI = nb[4 * i + 1];
            int blI = nb[4 * i + 2];
            int brI = nb[4 * i + 3];
            double tl = tlI < 0 ? 0 : window[tlI];
            double tr = trI < 0 ? 0 : window[trI];
            double bl = blI < 0 ? 0 : window[blI];
            double br = brI < 0 ? 0 : window[brI];
            double top = (1 - dc) * tl + dc * tr;
            double bottom = (1 - dc) * bl + dc * br;
            projection[cols[i]] += (float) ((1 - dr) * top + dr * bottom);
        }
        int n = size;
        float sum = 0f;
        for (int c = 0; c < n; c++) {
            sum += projection[c];
        }
        float mean = sum / n;
        float squares = 0f;
        for (int c = 0; c < n; c++) {
            float d = projection[c] - mean;
            squares += d * d;
        }
        return squares / n;
    }

    /**
     * Finds the angle of one window: coarse 0..179 degrees, then the given fine offsets around the best
     * coarse angle; the first largest score wins at each stage.
     *
     * @param window mean-subtracted, float32
     * @param fineQuarterOffsets fine offsets in quarter degrees, in order
     * @param projection scratch of length N
     * @return the angle in quarter degrees
     */
    int bestQuarter(float[] window, int[] fineQuarterOffsets, float[] projection) {
        int best = 0;
        float bestScore = Float.NEGATIVE_INFINITY;
        for (int deg = 0; deg < 180; deg++) {
            float s = score(window, deg * 4, projection);
            if (s > bestScore) {
                bestScore = s;
                best = deg;
            }
        }
        int bestFine = best * 4 + fineQuarterOffsets[0];
        float bestFineScore = Float.NEGATIVE_INFINITY;
        for (int offset : fineQuarterOffsets) {
            int q = best * 4 + offset;
            float s = score(window, q, projection);
            if (s > bestFineScore) {
                bestFineScore = s;
                bestFine = q;
            }
        }
        return bestFine;
    }
}
