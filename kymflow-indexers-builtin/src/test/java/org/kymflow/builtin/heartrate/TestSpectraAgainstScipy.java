package org.kymflow.builtin.heartrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Each scipy port against Debian's python3-scipy itself (the heart-rate reference was made with it), on
 * signals with the traces' shape: irregular times for Lomb-Scargle, a band-pass at a kymograph's rate.
 */
class TestSpectraAgainstScipy {
    /** Runs a script that prints numbers; the inputs go in as lines of numbers. */
    private static double[] python(String script, double[]... inputs) throws Exception {
        return org.kymflow.builtin.Scipy.run(script, inputs);
    }

    private static void assertClose(double[] want, double[] got, double relative, String what) {
        assertEquals(want.length, got.length, what + " length");
        double scale = Arrays.stream(want).map(Math::abs).max().orElse(1);
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], scale * relative, what + " [" + i + "]");
        }
    }

    /** A trace like radon's: 4 ms windows over 12 s, a 6.3 Hz pulse with noise, some windows missing. */
    private static double[][] trace(long seed) {
        Random r = new Random(seed);
        int n = 3000;
        double[] t = new double[n];
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = 0.0093 + i * 0.0046799 + (r.nextInt(50) == 0 ? 0.002 : 0);
            x[i] = 1.2 + 0.3 * Math.sin(2 * Math.PI * 6.3 * t[i]) + 0.4 * r.nextGaussian();
        }
        return new double[][] {t, x};
    }

    @Test
    void butterworthCoefficientsAreScipys() throws Exception {
        for (double[] band : new double[][] {{0.0374, 0.0935}, {0.1, 0.4}, {0.02, 0.9}}) {
            for (int order : new int[] {1, 3, 5}) {
                double[] want = python("o = int(ins[0][0]); b, a = signal.butter(o, [ins[0][1], ins[0][2]], btype='bandpass');"
                        + " print(' '.join(repr(v) for v in np.concatenate([b, a])))", new double[] {order, band[0], band[1]});
                double[][] ba = Spectra.butterBandpass(order, band[0], band[1]);
                double[] got = new double[ba[0].length + ba[1].length];
                System.arraycopy(ba[0], 0, got, 0, ba[0].length);
                System.arraycopy(ba[1], 0, got, ba[0].length, ba[1].length);
                assertClose(want, got, 1e-12, "butter order " + order + " " + Arrays.toString(band));
            }
        }
    }

    @Test
    void filtfiltAndWelchAreScipys() throws Exception {
        double[][] tx = trace(3);
        double[][] ba = Spectra.butterBandpass(3, 4.0 / 106.8, 10.0 / 106.8);
        double[] filtered = Spectra.filtfilt(ba[0], ba[1], tx[1]);
        double[] want = python("b, a = signal.butter(3, [4.0 / 106.8, 10.0 / 106.8], btype='bandpass');"
                + " print(' '.join(repr(v) for v in signal.filtfilt(b, a, ins[0])))", tx[1]);
        assertClose(want, filtered, 1e-10, "filtfilt"); // a narrow band-pass at 200 Hz amplifies the coefficients' last bits
        double[] zi = Spectra.lfilterZi(ba[0], ba[1]);
        assertClose(python("b, a = signal.butter(3, [4.0 / 106.8, 10.0 / 106.8], btype='bandpass');"
                + " print(' '.join(repr(v) for v in signal.lfilter_zi(b, a)))"), zi, 1e-9, "lfilter_zi");
        // (I - A) zi = B is ill-conditioned for a narrow band (poles near 1): LAPACK's elimination order and ours
        // differ in the last bits, which the filter's start then carries; the heart rate's snr agrees to 1e-9
        for (int nperseg : new int[] {427, 500, 256}) {
            double[][] band = Spectra.welchBand(filtered, 213.6, nperseg, 4.0, 10.0);
            double[] scipy = python("f, p = signal.welch(ins[0], fs=213.6, nperseg=" + nperseg + ", detrend=False, scaling='density');"
                    + " m = (f >= 4.0) & (f <= 10.0); print(' '.join(repr(v) for v in np.concatenate([f[m], p[m]])))", filtered);
            int k = band[0].length;
            assertClose(Arrays.copyOfRange(scipy, 0, k), band[0], 1e-15, "welch frequencies, nperseg " + nperseg);
            assertClose(Arrays.copyOfRange(scipy, k, scipy.length), band[1], 1e-11, "welch power, nperseg " + nperseg);
        }
    }

    @Test
    void lombScargleIsScipys() throws Exception {
        double[][] tx = trace(5);
        double mean = Arrays.stream(tx[1]).average().orElseThrow();
        double[] y = Arrays.stream(tx[1]).map(v -> v - mean).toArray();
        double[] grid = Spectra.linspace(4.0, 10.0, 512);
        double[] want = python("f = np.linspace(4.0, 10.0, 512); y = ins[1] - np.mean(ins[1]);"
                + " print(' '.join(repr(v) for v in signal.lombscargle(ins[0], y, 2.0 * np.pi * f, precenter=False, normalize=True)))",
                tx[0], tx[1]);
        assertClose(want, Spectra.lombScargle(tx[0], y, grid), 1e-10, "lombscargle");
        assertClose(python("print(' '.join(repr(v) for v in np.linspace(4.0, 10.0, 512)))"), grid, 0, "linspace");
    }
}
