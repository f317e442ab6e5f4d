package org.kymflow.builtin.radon;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sliding-window Radon kernel of Drew et al. 2010 as the Python kymflow runs it through
 * scikit-image's {@code radon(window, theta, circle=False)}: zero-pad the window to an N x N square
 * (N = ceil(sqrt(2) max(H, W))), rotate about N//2 with bilinear interpolation, sum columns, and score
 * each angle by the population variance of that projection.
 *
 * <p>The rotation depends only on the window shape and the angle, so per shape the kernel keeps its
 * {@link AngleTables}: per angle, the output pixels that touch the data and their interpolation weights.
 * Arithmetic is numpy's, bit for bit: interpolation in double as scikit-image writes it ({@link #bilinear}),
 * each value rounded to float32, column sums in float32 in row order, variance in float32.
 * {@link #bestQuarters} scores several windows per pass over the tables, which are then read once per batch
 * instead of once per window; its fine search keeps its state in one {@code FineSearch}. Kernels of the last
 * 16 window shapes are kept.
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

    /** Window shapes whose kernels are kept: a dataset has a few (window size x ROI width); a long-lived host may see more. */
    private static final int CACHED_SHAPES = 16;
    /** The kernels of the shapes used last, least recently used first out. */
    private static final Map<Long, RadonKernel> CACHE = new LinkedHashMap<>(CACHED_SHAPES, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, RadonKernel> eldest) {
            return size() > CACHED_SHAPES;
        }
    };

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
    /** The rotation of this window shape, angle by angle. */
    private final AngleTables tables;

    /**
     * @return the kernel of a window shape, shared by every image and thread that uses the shape (asked once
     *     per ROI, so the lock costs nothing)
     */
    static RadonKernel forShape(int height, int width) {
        synchronized (CACHE) {
            return CACHE.computeIfAbsent(((long) height << 32) | width, k -> new RadonKernel(height, width));
        }
    }

    private RadonKernel(int height, int width) {
        this.tables = new AngleTables(height, width);
        this.height = height;
        this.width = width;
        this.size = tables.size;
        this.paddedWidth = tables.paddedWidth;
        this.paddedSize = (height + 2) * paddedWidth;
    }

    private AngleTables.AngleTable table(int quarter) {
        return tables.table(quarter);
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
        AngleTables.AngleTable table = table(quarter);
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
                    sum0 += bilinear(p, t, b, left, dc, up, dr);
                    sum1 += bilinear(p, t + 1, b + 1, left, dc, up, dr);
                    sum2 += bilinear(p, t + 2, b + 2, left, dc, up, dr);
                    sum3 += bilinear(p, t + 3, b + 3, left, dc, up, dr);
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
        AngleTables.AngleTable table = table(quarter);
        VectorProjections.project(groups, table.columnStart(), table.topLeft(), table.weights(), GROUP * paddedWidth,
            size, projections);
    }

    /** {@link #score} for one window: slot {@code slot} of a group buffer. */
    float scoreOne(double[] p, int slot, int quarter, float[] projection) {
        AngleTables.AngleTable table = table(quarter);
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
                sum += bilinear(p, t, t + down, 1 - dc, dc, 1 - dr, dr);
            }
            projection[c] = sum;
        }
        return variance(projection, 0, n);
    }

    /**
     * scikit-image's bilinear interpolation of one output pixel, its operations in its order, rounded to
     * float32 as numpy stores the rotated image: the top neighbours at {@code top} and {@code top + GROUP},
     * the bottom ones at {@code bottom} and {@code bottom + GROUP} (the next column of the same window).
     */
    private static float bilinear(double[] p, int top, int bottom, double left, double dc, double up, double dr) {
        return (float) (up * (left * p[top] + dc * p[top + GROUP]) + dr * (left * p[bottom] + dc * p[bottom + GROUP]));
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
        FineSearch fine = new FineSearch(count, bestDeg, coarse, fineQuarterOffsets[0]);
        while (fineTogether(groups, fine, fineQuarterOffsets, projections, scores)) {
            // again, for the next most common coarse angle among the windows left
        }
        float[] projection = new float[size];
        for (int s = 0; s < count; s++) {
            if (fine.done[s]) {
                continue;
            }
            fine.start(s);
            for (int offset : fineQuarterOffsets) {
                int q = bestDeg[s] * 4 + offset;
                fine.offer(s, q, isCoarse(q) ? fine.coarseScore(s, q) : scoreOne(groups[s / GROUP], s % GROUP, q, projection));
            }
        }
        for (int s = 0; s < count; s++) {
            out[s] = fine.bestQuarter[s];
            snr[s] = Math.sqrt(best[s]) / (sumStd[s] / COARSE);
        }
    }

    /**
     * The fine search's state over one batch: each window's best coarse degree (where its fine offsets are
     * centred), the coarse scores (a fine offset of whole degrees takes its score from there), and per window
     * the best fine score and quarter so far and whether its search is done. The first largest score wins, as
     * numpy's argmax.
     */
    private static final class FineSearch {
        final int count;
        final int[] bestDeg;
        final float[] coarse;
        final int firstOffset;
        final float[] bestScore;
        final int[] bestQuarter;
        final boolean[] done;

        FineSearch(int count, int[] bestDeg, float[] coarse, int firstOffset) {
            this.count = count;
            this.bestDeg = bestDeg;
            this.coarse = coarse;
            this.firstOffset = firstOffset;
            this.bestScore = new float[bestDeg.length];
            this.bestQuarter = new int[bestDeg.length];
            this.done = new boolean[bestDeg.length];
            Arrays.fill(bestScore, Float.NEGATIVE_INFINITY);
        }

        /** Starts window {@code s}'s search at its first offset, which wins when no score beats minus infinity. */
        void start(int s) {
            bestQuarter[s] = bestDeg[s] * 4 + firstOffset;
        }

        /** Keeps {@code q} as window {@code s}'s best when it scores higher than the best so far. */
        void offer(int s, int q, float score) {
            if (score > bestScore[s]) {
                bestScore[s] = score;
                bestQuarter[s] = q;
            }
        }

        /** @return window {@code s}'s coarse score at whole-degree quarter {@code q} */
        float coarseScore(int s, int q) {
            return coarse[s * COARSE + q / 4];
        }

        /** @return whether window {@code s} is still searching around coarse degree {@code deg} */
        boolean searching(int s, int deg) {
            return !done[s] && bestDeg[s] == deg;
        }
    }

    /**
     * The fine search, scored together, of the windows not yet {@code done} that share the most common coarse
     * angle among them, when scoring their groups together costs less than scoring them one by one (a group
     * costs about one window: its four lanes run at once). The first largest score wins, as numpy's argmax.
     *
     * @return whether it scored any (then marked done)
     */
    private boolean fineTogether(double[][] groups, FineSearch fine, int[] fineQuarterOffsets, float[] projections, float[] scores) {
        int count = fine.count;
        int deg = mostCommon(fine.bestDeg, fine.done, count);
        int members = 0;
        for (int s = 0; s < count; s++) {
            members += fine.searching(s, deg) ? 1 : 0;
        }
        int[] groupOf = new int[groups.length]; // position in the subset, or -1
        int subset = 0;
        for (int g = 0; g < groups.length; g++) {
            groupOf[g] = -1;
            for (int s = GROUP * g; s < Math.min(count, GROUP * g + GROUP); s++) {
                if (fine.searching(s, deg)) {
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
            if (fine.searching(s, deg)) {
                fine.start(s);
            }
        }
        for (int offset : fineQuarterOffsets) {
            int q = deg * 4 + offset;
            boolean scoredCoarse = isCoarse(q);
            if (!scoredCoarse) {
                score(together, q, projections, scores);
            }
            for (int s = 0; s < count; s++) {
                if (fine.searching(s, deg)) {
                    fine.offer(s, q, scoredCoarse ? fine.coarseScore(s, q) : scores[GROUP * groupOf[s / GROUP] + s % GROUP]);
                }
            }
        }
        for (int s = 0; s < count; s++) {
            fine.done[s] |= fine.bestDeg[s] == deg;
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
}
