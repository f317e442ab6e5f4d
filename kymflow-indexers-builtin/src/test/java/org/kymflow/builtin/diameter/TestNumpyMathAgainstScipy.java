package org.kymflow.builtin.diameter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.kymflow.builtin.Scipy;

/**
 * The numpy and scipy operations Python's diameter methods use, against Debian's numpy and scipy themselves, on
 * profiles like a cross-section's (a plateau between walls, noise, a NaN gap): gaussian_filter1d in nearest mode,
 * gradient, nanpercentile, the NaN fill, and numpy's pairwise sum.
 */
class TestNumpyMathAgainstScipy {
    private static double[] profile(long seed, int n, boolean gap) {
        Random r = new Random(seed);
        double[] p = new double[n];
        for (int x = 0; x < n; x++) {
            p[x] = 100 + 1800 / (1 + Math.exp(-(x - n * 0.35) / 1.5)) / (1 + Math.exp((x - n * 0.65) / 1.5)) + 40 * r.nextGaussian();
        }
        if (gap) {
            p[3] = Double.NaN;
            p[n / 2] = Double.NaN;
            p[n / 2 + 1] = Double.NaN;
        }
        return p;
    }

    @Test
    void smoothingAndDerivativeAreScipysToTheLastBits() throws Exception {
        for (int n : new int[] {38, 128, 301}) {
            for (double sigma : new double[] {0.7, 1.5, 3.2}) {
                double[] p = profile(n, n, false);
                double[] want = Scipy.run("s = ndimage.gaussian_filter1d(ins[0], ins[1][0], mode='nearest');"
                        + " print(' '.join(repr(v) for v in np.concatenate([s, np.gradient(s)])))", p, new double[] {sigma});
                double[] smooth = NumpyMath.gaussianFilterNearest(p, sigma);
                double[] got = new double[2 * n];
                System.arraycopy(smooth, 0, got, 0, n);
                System.arraycopy(NumpyMath.gradient(smooth), 0, got, n, n);
                assertArrayEquals(want, got, 1e-9, n + " px, sigma " + sigma);
            }
        }
    }

    @Test
    void percentilesFillAndSumAreNumpys() throws Exception {
        for (int n : new int[] {5, 38, 128, 300}) {
            double[] p = profile(7 * n, n, n > 5);
            double[] want = Scipy.run("print(' '.join(repr(float(np.nanpercentile(ins[0], q))) for q in (1, 10, 50, 90, 99)));"
                    + " ok = ~np.isnan(ins[0]); x = np.arange(len(ins[0])); f = ins[0].copy();"
                    + " f[~ok] = np.interp(x[~ok], x[ok], ins[0][ok]); print(' '.join(repr(v) for v in f)); print(repr(float(np.sum(f))))", p);
            double[] got = new double[5 + n + 1];
            double[] q = {1, 10, 50, 90, 99};
            for (int i = 0; i < 5; i++) {
                got[i] = NumpyMath.nanPercentile(p, q[i]);
            }
            double[] filled = NumpyMath.fillNan(p);
            System.arraycopy(filled, 0, got, 5, n);
            got[5 + n] = NumpyMath.pairwiseSum(filled, 0, n);
            for (int i = 0; i < got.length; i++) {
                assertEquals(want[i], got[i], 0.0, n + " values, output " + i); // bit for bit: the edges are compared with them
            }
        }
    }
}
