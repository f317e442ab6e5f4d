package org.kymflow.builtin.radon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
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
        assumeTrue(VectorProjections.supported(), "this CPU has no 256-bit double vectors; the scalar loop runs");
        assertTrue(RadonKernel.VECTOR, "module present and hardware able, yet the kernel chose the scalar loop");
    }

    @ParameterizedTest(name = "{0} x {1} windows, {2} groups")
    @CsvSource({"16, 38, 2", "16, 38, 1", "16, 20, 3", "8, 5, 2", "32, 7, 2", "12, 50, 2"})
    void vectorAndScalarProjectionsAgreeBitForBit(int height, int width, int groupCount) {
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
}
