package org.kymflow.builtin.radon;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The coarse-search projections of {@link RadonKernel} on the JDK's Vector API: one 256-bit lane set
 * holds the four windows of a group, which the group buffer already interleaves, so each lane does
 * exactly what the scalar loop does for its window (the same double operations in the same order, one
 * rounding to float32, float32 sums in row order) and the bits agree. Two groups share each read of the
 * rotation tables and keep two independent sums in flight; a lone last group is summed alone.
 *
 * <p>Loaded only when the {@code jdk.incubator.vector} module is present (see
 * {@link RadonKernel#VECTOR}); nothing else in kymflow refers to the incubator module.
 */
final class VectorProjections {
    private static final VectorSpecies<Double> WINDOWS = DoubleVector.SPECIES_256;
    private static final VectorSpecies<Float> SUMS = FloatVector.SPECIES_128;

    private VectorProjections() {
    }

    /** @return whether the CPU runs 256-bit double vectors natively (AVX2, AVX-512; not 128-bit NEON) */
    static boolean supported() {
        return DoubleVector.SPECIES_PREFERRED.vectorBitSize() >= WINDOWS.vectorBitSize()
            && WINDOWS.length() == RadonKernel.GROUP;
    }

    /**
     * Projections at one angle of the windows of each group, laid out as {@link RadonKernel#projectScalar}
     * lays them out.
     *
     * @param groups group buffers of four interleaved padded windows
     * @param starts per output column, the first entry; {@code starts[n]} ends the last column
     * @param topLeft per entry, the padded index of the top-left neighbour
     * @param weights per entry, dc and dr
     * @param down the buffer distance of one padded row
     * @param n the projection length (output columns)
     * @param projections out: window {@code 4 g + slot} from {@code (4 g + slot) n}
     */
    static void project(double[][] groups, int[] starts, int[] topLeft, double[] weights, int down, int n,
                        float[] projections) {
        float[] lanes = new float[RadonKernel.GROUP];
        for (int g = 0; g < groups.length; g += 2) {
            double[] first = groups[g];
            if (g + 1 == groups.length) {
                projectOne(first, starts, topLeft, weights, down, n, lanes, projections, g);
                continue;
            }
            double[] second = groups[g + 1];
            for (int c = 0; c < n; c++) {
                FloatVector sumFirst = FloatVector.zero(SUMS);
                FloatVector sumSecond = FloatVector.zero(SUMS);
                for (int i = starts[c]; i < starts[c + 1]; i++) {
                    int t = RadonKernel.GROUP * topLeft[i];
                    double dc = weights[2 * i];
                    double dr = weights[2 * i + 1];
                    double left = 1 - dc;
                    double up = 1 - dr;
                    sumFirst = sumFirst.add(interpolate(first, t, t + down, left, dc, up, dr));
                    sumSecond = sumSecond.add(interpolate(second, t, t + down, left, dc, up, dr));
                }
                store(sumFirst, lanes, projections, g, n, c);
                store(sumSecond, lanes, projections, g + 1, n, c);
            }
        }
    }

    /** {@link #project} for a lone last group. */
    private static void projectOne(double[] group, int[] starts, int[] topLeft, double[] weights, int down, int n,
                                   float[] lanes, float[] projections, int g) {
        for (int c = 0; c < n; c++) {
            FloatVector sum = FloatVector.zero(SUMS);
            for (int i = starts[c]; i < starts[c + 1]; i++) {
                int t = RadonKernel.GROUP * topLeft[i];
                double dc = weights[2 * i];
                double dr = weights[2 * i + 1];
                sum = sum.add(interpolate(group, t, t + down, 1 - dc, dc, 1 - dr, dr));
            }
            store(sum, lanes, projections, g, n, c);
        }
    }

    /**
     * scikit-image's bilinear interpolation of four windows at once, as the scalar loop writes it:
     * {@code up * (left * p[t] + dc * p[t + 4]) + dr * (left * p[b] + dc * p[b + 4])}, rounded to float32.
     */
    private static FloatVector interpolate(double[] p, int t, int b, double left, double dc, double up,
                                           double dr) {
        DoubleVector top = DoubleVector.fromArray(WINDOWS, p, t).mul(left)
            .add(DoubleVector.fromArray(WINDOWS, p, t + RadonKernel.GROUP).mul(dc));
        DoubleVector bottom = DoubleVector.fromArray(WINDOWS, p, b).mul(left)
            .add(DoubleVector.fromArray(WINDOWS, p, b + RadonKernel.GROUP).mul(dc));
        return (FloatVector) top.mul(up).add(bottom.mul(dr)).convertShape(VectorOperators.D2F, SUMS, 0);
    }

    private static void store(FloatVector sums, float[] lanes, float[] projections, int group, int n, int column) {
        sums.intoArray(lanes, 0);
        for (int slot = 0; slot < RadonKernel.GROUP; slot++) {
            projections[(RadonKernel.GROUP * group + slot) * n + column] = lanes[slot];
        }
    }
}
