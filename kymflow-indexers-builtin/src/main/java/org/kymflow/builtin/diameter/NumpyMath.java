package org.kymflow.builtin.diameter;

import java.util.Arrays;

/**
 * The few numpy and scipy operations the Python diameter methods use, with their exact semantics (summation
 * order, percentile interpolation, boundary handling), so that whole-pixel edges match Python's line for line.
 * No Java library reproduces numpy's pairwise summation or its percentile's interpolation rule.
 */
final class NumpyMath {
    private NumpyMath() {
    }

    /**
     * {@code numpy.nanpercentile(values, q)} with the default linear method: NaN left out, NaN when none is left.
     *
     * @param values the data (not changed)
     * @param q the percentile, 0 to 100
     * @return the percentile
     */
    static double nanPercentile(double[] values, double q) {
        double[] sorted = finiteSorted(values);
        return percentileOfSorted(sorted, q);
    }

    /**
     * @param values data
     * @return its non-NaN values, sorted
     */
    static double[] finiteSorted(double[] values) {
        double[] kept = new double[values.length];
        int n = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                kept[n++] = v;
            }
        }
        double[] sorted = Arrays.copyOf(kept, n);
        Arrays.sort(sorted);
        return sorted;
    }

    /**
     * numpy's linear quantile of sorted data: virtual index {@code (n - 1) * q/100}, and its {@code _lerp}, which
     * interpolates from the upper neighbour when the weight is at least one half.
     *
     * @param sorted sorted values without NaN
     * @param q the percentile, 0 to 100
     * @return the percentile, NaN when there are no values
     */
    static double percentileOfSorted(double[] sorted, double q) {
        int n = sorted.length;
        if (n == 0) {
            return Double.NaN;
        }
        double virtual = (n - 1) * (q / 100.0);
        double floor = Math.floor(virtual);
        int previous = (int) floor;
        int next = previous + 1;
        if (virtual >= n - 1) {
            previous = n - 1;
            next = n - 1;
        }
        double gamma = virtual - floor;
        double a = sorted[previous];
        double b = sorted[next];
        double diff = b - a;
        return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
    }

    /**
     * {@code numpy.median} of sorted data: the middle value, or the mean of the two middle ones.
     *
     * @param sorted sorted values without NaN, at least one
     * @return the median
     */
    static double medianOfSorted(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }

    /**
     * {@code numpy.sum}: pairwise summation, eight accumulators in blocks of at most 128 values.
     *
     * @param a values
     * @param from first index
     * @param n how many
     * @return their sum in numpy's order
     */
    static double pairwiseSum(double[] a, int from, int n) {
        if (n < 8) {
            double res = 0.0; // numpy starts from -0.0 only for empty sums, which never occur here
            for (int i = 0; i < n; i++) {
                res += a[from + i];
            }
            return n == 0 ? 0.0 : res;
        }
        if (n <= 128) {
            double[] r = new double[8];
            for (int j = 0; j < 8; j++) {
                r[j] = a[from + j];
            }
            int i = 8;
            for (; i < n - n % 8; i += 8) {
                for (int j = 0; j < 8; j++) {
                    r[j] += a[from + i + j];
                }
            }
            double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < n; i++) {
                res += a[from + i];
            }
            return res;
        }
        int half = n / 2;
        half -= half % 8;
        return pairwiseSum(a, from, half) + pairwiseSum(a, from + half, n - half);
    }

    /**
     * {@code scipy.ndimage.gaussian_filter1d(x, sigma, mode="nearest")} with the default truncation of 4 sigma:
     * the kernel normalised by numpy's sum, and scipy's symmetric correlation loop (outermost pairs first).
     *
     * @param x the profile
     * @param sigma the standard deviation in pixels, positive
     * @return the smoothed profile
     */
    static double[] gaussianFilterNearest(double[] x, double sigma) {
        int radius = (int) (4.0 * sigma + 0.5);
        double[] phi = new double[2 * radius + 1];
        double scale = -0.5 / (sigma * sigma);
        for (int k = -radius; k <= radius; k++) {
            phi[k + radius] = Math.exp(scale * (double) (k * k));
        }
        double total = pairwiseSum(phi, 0, phi.length);
        for (int k = 0; k < phi.length; k++) {
            phi[k] /= total;
        }
        int n = x.length;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double acc = x[i] * phi[radius];
            for (int j = -radius; j < 0; j++) {
                acc += (x[clamp(i + j, n)] + x[clamp(i - j, n)]) * phi[radius + j];
            }
            out[i] = acc;
        }
        return out;
    }

    private static int clamp(int i, int n) {
        return i < 0 ? 0 : i >= n ? n - 1 : i;
    }

    /**
     * {@code numpy.gradient} with unit spacing: central differences inside, one-sided at the ends.
     *
     * @param f values, at least two
     * @return the derivative
     */
    static double[] gradient(double[] f) {
        int n = f.length;
        double[] d = new double[n];
        for (int i = 1; i < n - 1; i++) {
            d[i] = (f[i + 1] - f[i - 1]) / 2.0;
        }
        d[0] = f[1] - f[0];
        d[n - 1] = f[n - 1] - f[n - 2];
        return d;
    }

    /**
     * {@code numpy.interp} over the NaN gaps, as Python fills a profile before smoothing: the ends take the
     * nearest finite value; all NaN gives zeros.
     *
     * @param values the profile
     * @return a copy without NaN
     */
    static double[] fillNan(double[] values) {
        double[] out = values.clone();
        int n = out.length;
        int prev = -1;
        for (int i = 0; i < n; i++) {
            if (!Double.isNaN(out[i])) {
                if (prev < 0) {
                    Arrays.fill(out, 0, i, out[i]);
                } else if (i - prev > 1) {
                    for (int k = prev + 1; k < i; k++) {
                        double slope = (values[i] - values[prev]) / (i - prev); // numpy.interp's order
                        out[k] = slope * (k - prev) + values[prev];
                    }
                }
                prev = i;
            }
        }
        if (prev < 0) {
            Arrays.fill(out, 0.0);
        } else {
            Arrays.fill(out, prev + 1, n, values[prev]);
        }
        return out;
    }
}
