package org.kymflow.builtin.radon;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The sliding-window Radon kernel of Drew et al. 2010 as the Python kymflow runs it through
 * scikit-image's {@code radon(window, theta, circle=False)}: zero-pad the window to an N x N square
 * (N = ceil(sqrt(2) max(H, W))), rotate about N//2 with bilinear interpolation, sum columns, and score
 * each angle by the population variance of that projection.
 *
 * <p>The rotation depends only on the window shape and the angle, so per shape the kernel keeps, per
 * angle (built when first needed) and per output column, the output pixels that touch the data: the
 * top-left neighbour's index into the window padded with a one-pixel zero border (so all four
 * neighbours index directly, no branches) and the four interpolation weights. Arithmetic is numpy's, bit for bit: interpolation in
 * double as scikit-image writes it, each value rounded to float32, column sums in float32 in row order,
 * variance in float32. {@link #bestQuarters} scores several windows per pass over the tables, which
 * are then read once per batch instead of once per window.
 *
 * <p>The coarse search runs on the JDK's Vector API ({@link VectorProjections}) when the JVM was started
 * with {@code --add-modules jdk.incubator.vector} (the {@code kymflow} launcher does so for
 * {@code index}) and the CPU has 256-bit vectors; otherwise on the scalar loop here. Both give the same
 * bits: each vector lane performs the scalar loop's operations in the same order, and Java never fuses a
 * multiply and an add. {@code -Dkymflow.radon.kernel=scalar} forces the scalar loop.
 */
final class RadonKernel {
    /** Quarter degrees from -2 to 181.75: every coarse and fine angle. */
    static final int MIN_QUARTER = -8;
    static final int MAX_QUARTER = 181 * 4 + 3;
    /** Windows scored together in the coarse search. */
    static final int BATCH = 8;
    /** Coarse angles: whole degrees 0..179. */
    private static final int COARSE = 180;

    private static final ConcurrentHashMap<Long, RadonKernel> CACHE = new ConcurrentHashMap<>();

    /** Whether {@link #score} runs on the Vector API; decided once per JVM. */
    static final boolean VECTOR = vectorUsable();

    /**
     * The Vector API is an incubator module in Java 17, present only when the JVM was started with it,
     * and without 256-bit hardware vectors it runs as slow Java code; either way the scalar loop serves.
     */
    private static boolean vectorUsable() {
        if ("scalar".equals(System.getProperty("kymflow.radon.kernel"))) {
            return false;
        }
        // VectorProjections links against the module, so it is loaded only once the module is known present
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() && VectorProjections.supported();
    }

    private final int height;
    private final int width;
    private final int size; // N
    private final int paddedWidth;
    private final int paddedSize;
    private final int center;
    private final int padRows; // zero rows skimage puts above the window
    private final int padColumns; // zero columns it puts left of it
    /** Per angle, its table once some window has needed it: the coarse angles, and fine ones near real streaks. */
    private final AtomicReferenceArray<AngleTable> tables = new AtomicReferenceArray<>(MAX_QUARTER - MIN_QUARTER + 1);

    /**
     * The output pixels of one angle that touch the data, column by column in row order.
     *
     * @param columnStart N + 1 offsets into the entries, by output column
     * @param topLeft per entry, the padded index of the top-left neighbour
     * @param weights per entry, dc and dr
     */
    private record AngleTable(int[] columnStart, int[] topLeft, double[] weights) {
    }

    static RadonKernel forShape(int height, int width) {
        return CACHE.computeIfAbsent(((long) height << 32) | width, k -> new RadonKernel(height, width));
    }

    private RadonKernel(int height, int width) {
        this.height = height;
        this.width = width;
        this.paddedWidth = width + 2;
        this.paddedSize = (height + 2) * paddedWidth;
        double diagonal = Math.sqrt(2) * Math.max(height, width);
        int[] shape = {height, width};
        int[] padBefore = new int[2];
        int n = 0;
        for (int i = 0; i < 2; i++) {
            int pad = (int) Math.ceil(diagonal - shape[i]);
            padBefore[i] = (shape[i] + pad) / 2 - shape[i] / 2; // skimage: new centre - old centre
            n = shape[i] + pad;
        }
        this.size = n;
        this.center = n / 2;
        this.padRows = padBefore[0];
        this.padColumns = padBefore[1];
    }

    /**
     * The table of one angle, built on first use: a window's fine search needs only the quarter degrees
     * around its streak, so most of the 736 angles are never built (building all of them was a tenth of
     * a second per window shape, before any window was scored). Two threads may build the same table at
     * once; both build the same arrays, and the first stored is kept.
     */
    private AngleTable table(int quarter) {
        int a = quarter - MIN_QUARTER;
        AngleTable table = tables.get(a);
        if (table == null) {
            tables.compareAndSet(a, null, build(quarter));
            table = tables.get(a);
        }
        return table;
    }

    private AngleTable build(int quarter) {
        int n = size;
        double angle = (quarter / 4.0) * (Math.PI / 180.0); // numpy deg2rad: x * (pi / 180)
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        double m02 = -center * (cos + sin - 1);
        double m12 = -center * (cos - sin - 1);
        int[] starts = new int[n + 1];
        int[] tlBuf = new int[n * n];
        double[] wBuf = new double[n * n * 2];
        int count = 0;
        for (int c = 0; c < n; c++) { // column-major: each column's pixels in row order, as numpy sums them
            starts[c] = count;
            count = buildColumn(c, cos, sin, m02, m12, tlBuf, wBuf, count);
        }
        starts[n] = count;
        return new AngleTable(starts, Arrays.copyOf(tlBuf, count), Arrays.copyOf(wBuf, 2 * count));
    }

    /**
     * Appends one output column's entries from {@code count} on. A method per column, not per angle: the
     * first hundred or so tables are built before the JIT compiles a method whose single call runs for long,
     * and a call per column gets it compiled after a few tables instead (a tenth of a second less on one core).
     *
     * @return the count after the column
     */
    private int buildColumn(int c, double cos, double sin, double m02, double m12, int[] tlBuf, double[] wBuf,
                            int count) {
        // only rows near the data: x and y are linear in r, so the rows whose point can touch the window
        // (x in (padColumns - 1, padColumns + width), y likewise) form one interval; two rows of margin
        // keep every row the exact test below would accept
        double[] xRange = rows(cos * c + m02, sin, padColumns - 1, padColumns + width);
        double[] yRange = rows(-sin * c + m12, cos, padRows - 1, padRows + height);
        double rFrom = Math.max(0, Math.max(xRange[0], yRange[0]) - 2);
        double rTo = Math.min(size - 1, Math.min(xRange[1], yRange[1]) + 2);
        for (int r = (int) Math.ceil(rFrom); r <= rTo; r++) {
            double x = cos * c + sin * r + m02; // input column (skimage's affine map, same order)
            double y = -sin * c + cos * r + m12; // input row
            // floor and ceil by hand: exact for the few hundred pixels of a square, and no call each in the
            // interpreter, where the first tables are built
            long floorY = (long) y > y ? (long) y - 1 : (long) y;
            long floorX = (long) x > x ? (long) x - 1 : (long) x;
            // window coordinates of the neighbours: rows floor(y) and ceil(y), columns floor(x) and ceil(x)
            long wr = floorY - padRows;
            long wrMax = (floorY < y ? floorY + 1 : floorY) - padRows;
            long wc = floorX - padColumns;
            long wcMax = (floorX < x ? floorX + 1 : floorX) - padColumns;
            boolean rowInside = (wr >= 0 && wr < height) || (wrMax >= 0 && wrMax < height);
            boolean colInside = (wc >= 0 && wc < width) || (wcMax >= 0 && wcMax < width);
            if (!rowInside || !colInside) {
                continue; // all four neighbours are zero padding: the value is exactly zero
            }
            tlBuf[count] = (int) ((wr + 1) * paddedWidth + (wc + 1));
            wBuf[2 * count] = x - floorX; // dc
            wBuf[2 * count + 1] = y - floorY; // dr
            count++;
        }
        return count;
    }

    /**
     * @return the interval of r where {@code lo < base + slope * r < hi}, or all rows when the slope is
     *     too small to bound it
     */
    private static double[] rows(double base, double slope, double lo, double hi) {
        if (Math.abs(slope) < 1e-6) {
            return new double[] {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY};
        }
        double a = (lo - base) / slope;
        double b = (hi - base) / slope;
        return new double[] {Math.min(a, b), Math.max(a, b)};
    }

    int size() {
        return size;
    }

    /** Windows interleaved in one group buffer: pixel p of window s sits at {@code GROUP * p + s}. */
    static final int GROUP = 4;

    /** @return doubles needed for one group of padded, interleaved windows */
    int groupSize() {
        return paddedSize * GROUP;
    }

    /**
     * Copies a mean-subtracted float32 window into a group buffer as slot {@code slot} (0..3), padded
     * with a zero border; a group with fewer windows leaves the other slots zero.
     */
    void pad(float[] window, double[] group, int slot) {
        for (int r = 0; r < height; r++) {
            int row = (r + 1) * paddedWidth + 1;
            for (int c = 0; c < width; c++) {
                group[GROUP * (row + c) + slot] = window[r * width + c];
            }
        }
    }

    /**
     * Scores one angle for the four windows of each group: population variance (float32) of each
     * window's Radon projection, into {@code scores[GROUP * g + slot]}.
     */
    void score(double[][] groups, int quarter, float[] projections, float[] scores) {
        if (VECTOR) {
            projectVector(groups, quarter, projections);
        } else {
            projectScalar(groups, quarter, projections);
        }
        for (int s = 0; s < GROUP * groups.length; s++) {
            scores[s] = variance(projections, s * size, size);
        }
    }

    /**
     * The Radon projections at one angle of the four windows of each group, on the scalar loop: window
     * {@code GROUP * g + slot}'s projection into {@code projections} from {@code (GROUP * g + slot) * size()}.
     */
    void projectScalar(double[][] groups, int quarter, float[] projections) {
        AngleTable table = table(quarter);
        int[] starts = table.columnStart();
        int[] tl = table.topLeft();
        double[] w = table.weights();
        int down = GROUP * paddedWidth;
        int n = size;
        for (int c = 0; c < n; c++) {
            int from = starts[c];
            int to = starts[c + 1];
            for (int g = 0; g < groups.length; g++) {
                double[] p = groups[g];
                // four independent float32 sums, each in numpy's row order, share one read of the weights
                float sum0 = 0f;
                float sum1 = 0f;
                float sum2 = 0f;
                float sum3 = 0f;
                for (int i = from; i < to; i++) {
                    int t = GROUP * tl[i];
                    double dc = w[2 * i];
                    double dr = w[2 * i + 1];
                    double left = 1 - dc;
                    double up = 1 - dr;
                    int b = t + down;
                    // scikit-image's bilinear interpolation, same operations in the same order, per window
                    sum0 += (float) (up * (left * p[t] + dc * p[t + 4]) + dr * (left * p[b] + dc * p[b + 4]));
                    sum1 += (float) (up * (left * p[t + 1] + dc * p[t + 5]) + dr * (left * p[b + 1] + dc * p[b + 5]));
                    sum2 += (float) (up * (left * p[t + 2] + dc * p[t + 6]) + dr * (left * p[b + 2] + dc * p[b + 6]));
                    sum3 += (float) (up * (left * p[t + 3] + dc * p[t + 7]) + dr * (left * p[b + 3] + dc * p[b + 7]));
                }
                int slot = GROUP * g;
                projections[slot * n + c] = sum0;
                projections[(slot + 1) * n + c] = sum1;
                projections[(slot + 2) * n + c] = sum2;
                projections[(slot + 3) * n + c] = sum3;
            }
        }
    }

    /** {@link #projectScalar} on the Vector API; the caller checks {@link #VECTOR}. */
    void projectVector(double[][] groups, int quarter, float[] projections) {
        AngleTable table = table(quarter);
        VectorProjections.project(groups, table.columnStart(), table.topLeft(), table.weights(), GROUP * paddedWidth,
            size, projections);
    }

    /** {@link #score} for one window: slot {@code slot} of a group buffer. */
    float scoreOne(double[] p, int slot, int quarter, float[] projection) {
        AngleTable table = table(quarter);
        int[] starts = table.columnStart();
        int[] tl = table.topLeft();
        double[] w = table.weights();
        int down = GROUP * paddedWidth;
        int n = size;
        for (int c = 0; c < n; c++) {
            float sum = 0f;
            for (int i = starts[c]; i < starts[c + 1]; i++) {
                int t = GROUP * tl[i] + slot;
                double dc = w[2 * i];
                double dr = w[2 * i + 1];
                double left = 1 - dc;
                int b = t + down;
                sum += (float) ((1 - dr) * (left * p[t] + dc * p[t + GROUP]) + dr * (left * p[b] + dc * p[b + GROUP]));
            }
            projection[c] = sum;
        }
        return variance(projection, 0, n);
    }

    /** numpy's float32 population variance of {@code n} values from {@code offset}: sequential sums. */
    private static float variance(float[] values, int offset, int n) {
        float total = 0f;
        for (int c = 0; c < n; c++) {
            total += values[offset + c];
        }
        float mean = total / n;
        float squares = 0f;
        for (int c = 0; c < n; c++) {
            float d = values[offset + c] - mean;
            squares += d * d;
        }
        return squares / n;
    }

    /**
     * Finds the angle of each window of a batch: coarse 0..179 degrees, then the fine offsets around
     * the best coarse angle; the first largest score wins at each stage, as numpy's argmax.
     *
     * @param groups the batch: group buffers of four interleaved padded windows (see {@link #pad})
     * @param count windows in the batch
     * @param fineQuarterOffsets fine offsets in quarter degrees, in order
     * @param out the best angle of each window, in quarter degrees
     * @param snr per window, the largest standard deviation of the projection over the coarse angles
     *     divided by the mean of those standard deviations (eLife 2019;8:e45077, figure 3), from the
     *     variances the angle search computes anyway
     */
    void bestQuarters(double[][] groups, int count, int[] fineQuarterOffsets, int[] out, double[] snr) {
        if (count == 0) {
            return;
        }
        int slots = GROUP * groups.length;
        float[] projections = new float[slots * size];
        float[] scores = new float[slots];
        float[] best = new float[slots];
        Arrays.fill(best, Float.NEGATIVE_INFINITY);
        int[] bestDeg = new int[slots];
        double[] sumStd = new double[slots];
        // every window's coarse scores, by degree: a fine search meets four of them again (offsets of whole
        // degrees) and takes them from here instead of projecting again, the same bits either way
        float[] coarse = new float[slots * COARSE];
        // the loops around score() hold no inner loop of their own: C2 compiles each such method whole, with
        // the kernel inlined, once per loop it enters on stack replacement, and on one core the run waits
        for (int deg = 0; deg < COARSE; deg++) {
            score(groups, deg * 4, projections, scores);
            keepBestCoarse(scores, count, deg, sumStd, best, bestDeg, coarse);
        }
        // fine angles follow each window's best coarse angle; windows that share it (neighbours on one steady
        // streak mostly do) are scored together where that is cheaper, the rest alone: the same bits either way
        float[] bestFine = new float[slots];
        Arrays.fill(bestFine, Float.NEGATIVE_INFINITY);
        int[] bestQuarter = new int[slots];
        boolean[] done = new boolean[slots];
        while (fineTogether(groups, count, bestDeg, done, fineQuarterOffsets, coarse, projections, scores, bestFine,
            bestQuarter)) {
            // again, for the next most common coarse angle among the windows left
        }
        float[] projection = new float[size];
        for (int s = 0; s < count; s++) {
            if (done[s]) {
                continue;
            }
            bestQuarter[s] = bestDeg[s] * 4 + fineQuarterOffsets[0];
            for (int offset : fineQuarterOffsets) {
                int q = bestDeg[s] * 4 + offset;
                float score = isCoarse(q) ? coarse[s * COARSE + q / 4]
                    : scoreOne(groups[s / GROUP], s % GROUP, q, projection);
                if (score > bestFine[s]) {
                    bestFine[s] = score;
                    bestQuarter[s] = q;
                }
            }
        }
        for (int s = 0; s < count; s++) {
            out[s] = bestQuarter[s];
            snr[s] = Math.sqrt(best[s]) / (sumStd[s] / COARSE);
        }
    }

    /**
     * The fine search, scored together, of the windows not yet {@code done} that share the most common coarse
     * angle among them, when scoring their groups together costs less than scoring them one by one (a group
     * costs about one window: its four lanes run at once). The first largest score wins, as numpy's argmax.
     *
     * @return whether it scored any (then marked done)
     */
    private boolean fineTogether(double[][] groups, int count, int[] bestDeg, boolean[] done, int[] fineQuarterOffsets,
                                 float[] coarse, float[] projections, float[] scores, float[] bestFine,
                                 int[] bestQuarter) {
        int deg = mostCommon(bestDeg, done, count);
        int members = 0;
        for (int s = 0; s < count; s++) {
            members += !done[s] && bestDeg[s] == deg ? 1 : 0;
        }
        int[] groupOf = new int[groups.length]; // position in the subset, or -1
        int subset = 0;
        for (int g = 0; g < groups.length; g++) {
            groupOf[g] = -1;
            for (int s = GROUP * g; s < Math.min(count, GROUP * g + GROUP); s++) {
                if (!done[s] && bestDeg[s] == deg) {
                    groupOf[g] = subset++;
                    break;
                }
            }
        }
        if (members < 2 || subset >= members) {
            return false;
        }
        double[][] together = new double[subset][];
        for (int g = 0; g < groups.length; g++) {
            if (groupOf[g] >= 0) {
                together[groupOf[g]] = groups[g];
            }
        }
        for (int s = 0; s < count; s++) {
            if (!done[s] && bestDeg[s] == deg) {
                bestQuarter[s] = deg * 4 + fineQuarterOffsets[0];
            }
        }
        for (int offset : fineQuarterOffsets) {
            int q = deg * 4 + offset;
            if (!isCoarse(q)) {
                score(together, q, projections, scores);
            }
            keepBestFine(scores, coarse, groupOf, count, deg, q, bestDeg, done, bestFine, bestQuarter);
        }
        for (int s = 0; s < count; s++) {
            done[s] |= bestDeg[s] == deg;
        }
        return true;
    }

    /** @return whether quarter {@code q} is a coarse angle, whose scores the coarse search kept */
    private static boolean isCoarse(int q) {
        return q >= 0 && q < 4 * COARSE && q % 4 == 0;
    }

    /**
     * The coarse search's bookkeeping for one angle: sums of standard deviations, each window's best so far,
     * and its score at this angle, kept for the fine search.
     */
    private static void keepBestCoarse(float[] scores, int count, int deg, double[] sumStd, float[] best, int[] bestDeg,
                                       float[] coarse) {
        for (int s = 0; s < count; s++) {
            coarse[s * COARSE + deg] = scores[s];
            sumStd[s] += Math.sqrt(scores[s]);
            if (scores[s] > best[s]) {
                best[s] = scores[s];
                bestDeg[s] = deg;
            }
        }
    }

    /** @return the coarse angle most windows not yet done share (the first such window's, on a tie), or -1 */
    private static int mostCommon(int[] bestDeg, boolean[] done, int count) {
        int deg = -1;
        int members = 0;
        for (int s = 0; s < count; s++) {
            int n = 0;
            for (int t = 0; t < count; t++) {
                n += !done[t] && bestDeg[t] == bestDeg[s] ? 1 : 0;
            }
            if (!done[s] && n > members) {
                members = n;
                deg = bestDeg[s];
            }
        }
        return deg;
    }

    /**
     * The fine search's bookkeeping for one angle {@code q} of the windows scored together: their scores from
     * {@code scores}, or from the coarse search's when {@code q} is a whole degree it scored.
     */
    private static void keepBestFine(float[] scores, float[] coarse, int[] groupOf, int count, int deg, int q,
                                     int[] bestDeg, boolean[] done, float[] bestFine, int[] bestQuarter) {
        boolean scoredCoarse = isCoarse(q);
        for (int s = 0; s < count; s++) {
            if (!done[s] && bestDeg[s] == deg) {
                float score = scoredCoarse ? coarse[s * COARSE + q / 4]
                    : scores[GROUP * groupOf[s / GROUP] + s % GROUP];
                if (score > bestFine[s]) {
                    bestFine[s] = score;
                    bestQuarter[s] = q;
                }
            }
        }
    }
}
