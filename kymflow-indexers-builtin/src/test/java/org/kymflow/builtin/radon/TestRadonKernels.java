package org.kymflow.builtin.radon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Vector API projections against the scalar loop, bit for bit, at every angle the search uses. The
 * surefire JVM starts with {@code --add-modules jdk.incubator.vector}, as the launcher does.
 */
class TestRadonKernels {
    @Test
    void theVectorPathIsOnWhereTheModuleAndTheHardwareAre() {
        if (!(VectorProjections.supported())) {
            System.out.println("[skipped] " + "this CPU has no 256-bit double vectors; the scalar loop runs"); // on the console, not only in the reports
        }
        assumeTrue(VectorProjections.supported(), "this CPU has no 256-bit double vectors; the scalar loop runs");
        assertTrue(RadonKernel.VECTOR, "module present and hardware able, yet the kernel chose the scalar loop");
    }

    @ParameterizedTest(name = "{0} x {1} windows, {2} groups")
    @CsvSource({"16, 38, 2", "16, 38, 1", "16, 20, 3", "8, 5, 2", "32, 7, 2", "12, 50, 2"})
    void vectorAndScalarProjectionsAgreeBitForBit(int height, int width, int groupCount) {
        if (!(VectorProjections.supported())) {
            System.out.println("[skipped] " + "this CPU has no 256-bit double vectors"); // on the console, not only in the reports
        }
        assumeTrue(VectorProjections.supported(), "this CPU has no 256-bit double vectors");
        RadonKernel kernel = RadonKernel.forShape(height, width);
        Random random = new Random(height * 1000L + width);
        double[][] groups = new double[groupCount][kernel.groupSize()];
        for (int s = 0; s < RadonKernel.GROUP * groupCount; s++) {
            float[] window = new float[height * width];
            double slope = random.nextDouble() * 6 - 3; // streaks, plus noise and an odd huge or tiny value
            for (int r = 0; r < height; r++) {
                for (int c = 0; c < width; c++) {
                    window[r * width + c] = (float) (40 * Math.sin(0.7 * (c - slope * r)) + 15 * random.nextGaussian());
                }
            }
            window[random.nextInt(window.length)] = 3.4e7f;
            window[random.nextInt(window.length)] = 1.1e-7f;
            kernel.pad(window, groups[s / RadonKernel.GROUP], s % RadonKernel.GROUP);
        }
        int length = RadonKernel.GROUP * groupCount * kernel.size();
        for (int quarter = RadonKernel.MIN_QUARTER; quarter <= RadonKernel.MAX_QUARTER; quarter++) {
            float[] scalar = new float[length];
            float[] vector = new float[length];
            kernel.projectScalar(groups, quarter, scalar);
            kernel.projectVector(groups, quarter, vector);
            int q = quarter;
            assertArrayEquals(scalar, vector, () -> "projections differ at " + q / 4.0 + " degrees");
        }
    }

    @ParameterizedTest(name = "{0} x {1} windows")
    @CsvSource({"16, 38", "16, 7", "8, 5", "12, 50"})
    void theFineSearchScoresEachWindowAsTheBatchedLoopDoes(int height, int width) {
        RadonKernel kernel = RadonKernel.forShape(height, width);
        Random random = new Random(31L * height + width);
        double[][] groups = new double[1][kernel.groupSize()];
        for (int slot = 0; slot < RadonKernel.GROUP; slot++) {
            float[] window = new float[height * width];
            for (int i = 0; i < window.length; i++) {
                window[i] = (float) (50 * Math.sin(0.9 * (i % width - 1.7 * (i / width))) + 10 * random.nextGaussian());
            }
            kernel.pad(window, groups[0], slot);
        }
        int n = kernel.size();
        for (int quarter = RadonKernel.MIN_QUARTER; quarter <= RadonKernel.MAX_QUARTER; quarter++) {
            float[] batched = new float[RadonKernel.GROUP * n];
            kernel.projectScalar(groups, quarter, batched);
            for (int slot = 0; slot < RadonKernel.GROUP; slot++) {
                float[] alone = new float[n];
                kernel.scoreOne(groups[0], slot, quarter, alone);
                int q = quarter;
                int s = slot;
                assertArrayEquals(java.util.Arrays.copyOfRange(batched, slot * n, (slot + 1) * n), alone,
                        () -> "window " + s + " differs at " + q / 4.0 + " degrees");
            }
        }
    }

    /**
     * The whole angle search of a batch against each window searched alone with {@code scoreOne}: windows
     * that share their coarse angle are fine-searched together (the whole batch, or one group), the others
     * alone, and every angle and SNR must come out the same.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"all eight alike, 8", "first group alike, 8", "each group alike, 8", "second group alike, 7",
        "five alike, 5", "three alike, 3", "one, 1", "all different, 8", "near vertical, 8"})
    void batchedAngleSearchMatchesEachWindowSearchedAlone(String pattern, int count) {
        boolean nearVertical = pattern.equals("near vertical");
        int height = nearVertical ? 64 : 16; // tall enough to tell a degree or two from vertical
        int width = nearVertical ? 64 : 30;
        RadonKernel kernel = RadonKernel.forShape(height, width);
        Random random = new Random(pattern.hashCode());
        double[][] groups = new double[RadonKernel.BATCH / RadonKernel.GROUP][kernel.groupSize()];
        float[] shared = streak(height, width, 1.3, random);
        float[] sharedByTheSecondGroup = streak(height, width, -0.9, random);
        for (int s = 0; s < count; s++) {
            boolean first = s < RadonKernel.GROUP;
            float[] alike = switch (pattern) {
                case "first group alike" -> first ? shared : null;
                case "second group alike" -> first ? null : sharedByTheSecondGroup;
                case "each group alike" -> first ? shared : sharedByTheSecondGroup;
                case "all different" -> null;
                default -> shared;
            };
            // exact copies share their coarse angle for certain; the others get slopes far apart, or, near
            // vertical, angles on both sides of 0 degrees, whose fine searches reach below 0 and above 179
            float[] window = nearVertical ? streak(height, width, -0.035 + 0.01 * s, random)
                : alike != null ? alike : streak(height, width, -2.5 + 0.7 * s, random);
            kernel.pad(window, groups[s / RadonKernel.GROUP], s % RadonKernel.GROUP);
        }
        int[] quarters = new int[count];
        double[] snr = new double[count];
        kernel.bestQuarters(groups, count, RadonAnalysis.FINE_OFFSETS, quarters, snr);
        float[] projection = new float[kernel.size()];
        Set<Integer> coarseDegrees = new TreeSet<>();
        for (int s = 0; s < count; s++) {
            double[] group = groups[s / RadonKernel.GROUP];
            int slot = s % RadonKernel.GROUP;
            float best = Float.NEGATIVE_INFINITY;
            int bestDeg = 0;
            double sumStd = 0;
            for (int deg = 0; deg < 180; deg++) {
                float score = kernel.scoreOne(group, slot, deg * 4, projection);
                sumStd += Math.sqrt(score);
                if (score > best) {
                    best = score;
                    bestDeg = deg;
                }
            }
            float bestFine = Float.NEGATIVE_INFINITY;
            int bestQuarter = bestDeg * 4 + RadonAnalysis.FINE_OFFSETS[0];
            for (int offset : RadonAnalysis.FINE_OFFSETS) {
                float score = kernel.scoreOne(group, slot, bestDeg * 4 + offset, projection);
                if (score > bestFine) {
                    bestFine = score;
                    bestQuarter = bestDeg * 4 + offset;
                }
            }
            int w = s;
            coarseDegrees.add(bestDeg);
            assertEquals(bestQuarter, quarters[s], () -> "window " + w + ": angle");
            assertEquals(Math.sqrt(best) / (sumStd / 180), snr[s], () -> "window " + w + ": snr");
        }
        if (nearVertical) { // the fine searches of 0 and 179 degrees reach angles the coarse search never scored
            assertTrue(coarseDegrees.contains(0) && coarseDegrees.contains(179), () -> "coarse angles " + coarseDegrees);
        }
    }

    private static float[] streak(int height, int width, double slope, Random random) {
        float[] window = new float[height * width];
        for (int r = 0; r < height; r++) {
            for (int c = 0; c < width; c++) {
                window[r * width + c] = (float) (40 * Math.sin(0.7 * (c - slope * r)) + 5 * random.nextGaussian());
            }
        }
        double mean = 0;
        for (float v : window) {
            mean += v;
        }
        float m = (float) (mean / window.length);
        for (int i = 0; i < window.length; i++) {
            window[i] -= m; // the kernel's windows are mean-subtracted
        }
        return window;
    }

    /**
     * The rotation tables against scikit-image's radon written out directly: zero-pad to N x N, map every
     * output pixel back with the affine transform, interpolate bilinearly with zeros outside, and sum each
     * column in row order in float32. The tables visit only the pixels near the data, so this checks that
     * they skip none that count.
     */
    @ParameterizedTest(name = "{0} x {1} window")
    @CsvSource({"16, 38", "16, 7", "8, 5", "12, 50", "32, 3"})
    void theTablesGiveScikitImagesProjectionAtEveryAngle(int height, int width) {
        RadonKernel kernel = RadonKernel.forShape(height, width);
        float[] window = streak(height, width, 0.8, new Random(7L * height + width));
        double[][] groups = new double[1][kernel.groupSize()];
        kernel.pad(window, groups[0], 0);
        int n = kernel.size();
        int[] shape = {height, width};
        int[] padBefore = new int[2];
        double diagonal = Math.sqrt(2) * Math.max(height, width);
        for (int i = 0; i < 2; i++) {
            int pad = (int) Math.ceil(diagonal - shape[i]);
            padBefore[i] = (shape[i] + pad) / 2 - shape[i] / 2;
        }
        double[][] square = new double[n][n];
        for (int r = 0; r < height; r++) {
            for (int c = 0; c < width; c++) {
                square[padBefore[0] + r][padBefore[1] + c] = window[r * width + c];
            }
        }
        int center = n / 2;
        float[] fromTables = new float[n];
        for (int quarter = RadonKernel.MIN_QUARTER; quarter <= RadonKernel.MAX_QUARTER; quarter++) {
            double angle = (quarter / 4.0) * (Math.PI / 180.0);
            double cos = Math.cos(angle);
            double sin = Math.sin(angle);
            float[] direct = new float[n];
            for (int c = 0; c < n; c++) {
                float sum = 0f;
                for (int r = 0; r < n; r++) {
                    double x = cos * c + sin * r - center * (cos + sin - 1);
                    double y = -sin * c + cos * r - center * (cos - sin - 1);
                    double minR = Math.floor(y);
                    double minC = Math.floor(x);
                    double dr = y - minR;
                    double dc = x - minC;
                    double top = (1 - dc) * pixel(square, minR, minC) + dc * pixel(square, minR, Math.ceil(x));
                    double bottom = (1 - dc) * pixel(square, Math.ceil(y), minC) + dc * pixel(square, Math.ceil(y), Math.ceil(x));
                    sum += (float) ((1 - dr) * top + dr * bottom);
                }
                direct[c] = sum;
            }
            kernel.scoreOne(groups[0], 0, quarter, fromTables);
            int q = quarter;
            assertArrayEquals(direct, fromTables, () -> "projection differs at " + q / 4.0 + " degrees");
        }
    }

    /** scikit-image's get_pixel2d with mode 'constant', cval 0. */
    private static double pixel(double[][] image, double row, double col) {
        if (row < 0 || col < 0 || row >= image.length || col >= image.length) {
            return 0;
        }
        return image[(int) row][(int) col];
    }
}
