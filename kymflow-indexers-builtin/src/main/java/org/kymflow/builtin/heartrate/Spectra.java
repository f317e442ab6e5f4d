package org.kymflow.builtin.heartrate;

import java.util.Arrays;

/**
 * The numpy and scipy functions the heart-rate analysis needs, ported with their semantics: numpy's
 * {@code median}, {@code linspace} and {@code interp}, and scipy's {@code lombscargle} (1.10, {@code
 * precenter=False, normalize=True}), {@code butter} (band-pass, through {@code buttap}, {@code lp2bp_zpk},
 * {@code bilinear_zpk} and {@code zpk2tf}), {@code lfilter}, {@code lfilter_zi}, {@code filtfilt} (odd padding)
 * and {@code welch} (periodic Hann window, half overlap, no detrending, density scaling). No library on Maven
 * Central gives scipy's semantics for these (padding, initial state, window, scaling); the tests compare each
 * with python3-scipy. Welch is computed only at the frequencies asked, by a direct DFT: the analysis reads
 * only the band's bins.
 */
final class Spectra {
    private Spectra() {
    }

    /** numpy's {@code median}: the middle value, or the mean of the two middle ones. */
    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }

    /** numpy's {@code nanmedian}. */
    static double nanMedian(double[] values) {
        return median(Arrays.stream(values).filter(v -> !Double.isNaN(v)).toArray());
    }

    /** numpy's {@code linspace(start, stop, num)}: {@code arange(num) * step + start}, the last value exact. */
    static double[] linspace(double start, double stop, int num) {
        double[] out = new double[num];
        double step = (stop - start) / (num - 1);
        for (int i = 0; i < num; i++) {
            out[i] = i * step + start;
        }
        if (num > 1) {
            out[num - 1] = stop;
        }
        return out;
    }

    /** numpy's {@code interp(x, xp, fp)} for increasing {@code xp}: clamped at both ends. */
    static double interp(double x, double[] xp, double[] fp) {
        int n = xp.length;
        if (x <= xp[0]) {
            return fp[0];
        }
        if (x >= xp[n - 1]) {
            return fp[n - 1];
        }
        int j = Arrays.binarySearch(xp, x);
        if (j >= 0) {
            return fp[j];
        }
        j = -j - 2; // xp[j] < x < xp[j + 1]
        double slope = (fp[j + 1] - fp[j]) / (xp[j + 1] - xp[j]);
        return slope * (x - xp[j]) + fp[j];
    }

    /**
     * scipy 1.10's {@code lombscargle(t, y, 2 pi f, precenter=False, normalize=True)}. The cosines and sines
     * of each sample advance from one frequency to the next by a rotation (the grid is even), computed anew
     * every 32 frequencies so that rounding cannot build up; the sums are scipy's, sample by sample.
     *
     * @param t sample times, s
     * @param y values (scipy's caller removes their mean)
     * @param freqsHz an evenly spaced grid, Hz ({@link #linspace})
     * @return the normalised periodogram at each frequency
     */
    static double[] lombScargle(double[] t, double[] y, double[] freqsHz) {
        int n = t.length;
        int m = freqsHz.length;
        double[] c = new double[n];
        double[] s = new double[n];
        double[] cd = new double[n];
        double[] sd = new double[n];
        double[] power = new double[m];
        double dw = m > 1 ? 2 * Math.PI * (freqsHz[1] - freqsHz[0]) : 0;
        for (int j = 0; j < n; j++) {
            cd[j] = Math.cos(dw * t[j]);
            sd[j] = Math.sin(dw * t[j]);
        }
        double yy = 0;
        for (double v : y) {
            yy += v * v;
        }
        for (int i = 0; i < m; i++) {
            double w = 2.0 * Math.PI * freqsHz[i];
            if (i % 32 == 0) {
                for (int j = 0; j < n; j++) {
                    c[j] = Math.cos(w * t[j]);
                    s[j] = Math.sin(w * t[j]);
                }
            }
            double xc = 0;
            double xs = 0;
            double cc = 0;
            double ss = 0;
            double cs = 0;
            for (int j = 0; j < n; j++) {
                double cj = c[j];
                double sj = s[j];
                xc += y[j] * cj;
                xs += y[j] * sj;
                cc += cj * cj;
                ss += sj * sj;
                cs += cj * sj;
                c[j] = cj * cd[j] - sj * sd[j]; // the next frequency's, by the angle-addition rule
                s[j] = sj * cd[j] + cj * sd[j];
            }
            double tau = Math.atan2(2 * cs, cc - ss) / (2 * w);
            double cTau = Math.cos(w * tau);
            double sTau = Math.sin(w * tau);
            double cTau2 = cTau * cTau;
            double sTau2 = sTau * sTau;
            double csTau = 2 * cTau * sTau;
            double a = cTau * xc + sTau * xs;
            double b = cTau * xs - sTau * xc;
            power[i] = 0.5 * (a * a / (cTau2 * cc + csTau * cs + sTau2 * ss) + b * b / (cTau2 * ss - csTau * cs + sTau2 * cc));
        }
        double norm = 2 / yy;
        for (int i = 0; i < m; i++) {
            power[i] *= norm;
        }
        return power;
    }

    // ---- Butterworth band-pass, as scipy designs it ----

    /** A complex number with numpy's arithmetic (Smith's division, C99's principal square root). */
    record Complex(double re, double im) {
        Complex plus(Complex o) {
            return new Complex(re + o.re, im + o.im);
        }

        Complex minus(Complex o) {
            return new Complex(re - o.re, im - o.im);
        }

        Complex times(Complex o) {
            return new Complex(re * o.re - im * o.im, re * o.im + im * o.re);
        }

        Complex times(double k) {
            return new Complex(re * k, im * k);
        }

        Complex dividedBy(Complex o) {
            if (Math.abs(o.re) >= Math.abs(o.im)) {
                double rat = o.im / o.re;
                double scl = 1.0 / (o.re + o.im * rat);
                return new Complex((re + im * rat) * scl, (im - re * rat) * scl);
            }
            double rat = o.re / o.im;
            double scl = 1.0 / (o.im + o.re * rat);
            return new Complex((re * rat + im) * scl, (im * rat - re) * scl);
        }

        Complex sqrt() {
            if (re == 0 && im == 0) {
                return new Complex(0, im);
            }
            double h = Math.hypot(re, im);
            if (re >= 0) {
                double t = Math.sqrt((re + h) * 0.5);
                return new Complex(t, im / (2 * t));
            }
            double t = Math.sqrt((-re + h) * 0.5);
            return new Complex(Math.abs(im) / (2 * t), Math.copySign(t, im));
        }
    }

    /**
     * scipy's {@code butter(order, [lo, hi], btype="bandpass")} with frequencies normalised to Nyquist.
     *
     * @return {@code {b, a}}, each {@code 2 * order + 1} long
     */
    static double[][] butterBandpass(int order, double lo, double hi) {
        // buttap: no zeros, poles on the left half of the unit circle, gain 1
        Complex[] p = new Complex[order];
        for (int i = 0; i < order; i++) {
            double theta = Math.PI * (-order + 1 + 2 * i) / (2 * order);
            p[i] = new Complex(-Math.cos(theta), -Math.sin(theta));
        }
        double fs = 2.0;
        double w0 = 2 * fs * Math.tan(Math.PI * lo / fs);
        double w1 = 2 * fs * Math.tan(Math.PI * hi / fs);
        double bw = w1 - w0;
        double wo = Math.sqrt(w0 * w1);
        // lp2bp_zpk
        Complex woSquared = new Complex(wo * wo, 0);
        Complex[] pBp = new Complex[2 * order];
        for (int i = 0; i < order; i++) {
            Complex pLp = p[i].times(bw / 2);
            Complex root = pLp.times(pLp).minus(woSquared).sqrt();
            pBp[i] = pLp.plus(root);
            pBp[order + i] = pLp.minus(root);
        }
        double k = Math.pow(bw, order); // k * bw**degree with k = 1
        // bilinear_zpk, fs = 2: the band-pass's zeros (order of them, at 0) map to 1, the rest to -1
        double fs2 = 2.0 * fs;
        Complex four = new Complex(fs2, 0);
        Complex[] pZ = new Complex[2 * order];
        Complex denominator = new Complex(1, 0);
        for (int i = 0; i < 2 * order; i++) {
            pZ[i] = four.plus(pBp[i]).dividedBy(four.minus(pBp[i]));
            denominator = denominator.times(four.minus(pBp[i]));
        }
        Complex numerator = new Complex(1, 0);
        for (int i = 0; i < order; i++) {
            numerator = numerator.times(four); // fs2 - 0 for each zero at the origin
        }
        double kZ = k * numerator.dividedBy(denominator).re();
        Complex[] zZ = new Complex[2 * order];
        for (int i = 0; i < order; i++) {
            zZ[i] = four.dividedBy(four); // (fs2 + 0) / (fs2 - 0)
            zZ[order + i] = new Complex(-1, 0);
        }
        double[] b = poly(zZ);
        for (int i = 0; i < b.length; i++) {
            b[i] *= kZ;
        }
        return new double[][] {b, poly(pZ)};
    }

    /** numpy's {@code poly}: the monic polynomial with these roots (real parts: the roots come in conjugate pairs). */
    private static double[] poly(Complex[] roots) {
        Complex[] a = {new Complex(1, 0)};
        for (Complex r : roots) {
            Complex minusR = new Complex(-r.re(), -r.im());
            Complex[] next = new Complex[a.length + 1];
            next[0] = a[0];
            for (int i = 1; i < a.length; i++) {
                next[i] = a[i].plus(a[i - 1].times(minusR));
            }
            next[a.length] = a[a.length - 1].times(minusR);
            a = next;
        }
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i].re();
        }
        return out;
    }

    // ---- filtering ----

    /**
     * scipy's {@code lfilter(b, a, x, zi=zi)} (direct form II transposed, {@code a[0] == 1}).
     *
     * @param zi the initial state ({@code b.length - 1}); consumed
     * @return the filtered values
     */
    static double[] lfilter(double[] b, double[] a, double[] x, double[] zi) {
        int nb = b.length;
        double[] z = zi;
        double[] y = new double[x.length];
        for (int k = 0; k < x.length; k++) {
            double xn = x[k];
            double yn = z[0] + b[0] * xn;
            for (int n = 0; n < nb - 2; n++) {
                z[n] = z[n + 1] + xn * b[n + 1] - yn * a[n + 1];
            }
            z[nb - 2] = xn * b[nb - 1] - yn * a[nb - 1];
            y[k] = yn;
        }
        return y;
    }

    /** scipy's {@code lfilter_zi(b, a)}: the steady state of a unit step, solving {@code (I - A) zi = B}. */
    static double[] lfilterZi(double[] b, double[] a) {
        int n = a.length - 1;
        double[][] m = new double[n][n + 1];
        for (int i = 0; i < n; i++) {
            // I minus the transposed companion matrix: its first column is -a[1:], its superdiagonal ones
            m[i][i] = 1;
            m[i][0] -= -a[i + 1] / a[0];
            if (i + 1 < n) {
                m[i][i + 1] -= 1;
            }
            m[i][n] = b[i + 1] - a[i + 1] * b[0];
        }
        // Gaussian elimination with partial pivoting, as LAPACK's gesv
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
                    pivot = r;
                }
            }
            double[] swap = m[col];
            m[col] = m[pivot];
            m[pivot] = swap;
            for (int r = col + 1; r < n; r++) {
                double f = m[r][col] / m[col][col];
                for (int c = col; c <= n; c++) {
                    m[r][c] -= f * m[col][c];
                }
            }
        }
        double[] zi = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double sum = m[r][n];
            for (int c = r + 1; c < n; c++) {
                sum -= m[r][c] * zi[c];
            }
            zi[r] = sum / m[r][r];
        }
        return zi;
    }

    /**
     * scipy's {@code filtfilt(b, a, x)}: odd extension by {@code 3 * max(len(a), len(b))} samples, forward and
     * backward passes from {@code lfilter_zi} scaled by the first sample of each pass.
     *
     * @throws IllegalArgumentException when {@code x} is not longer than the padding, as scipy refuses it
     */
    static double[] filtfilt(double[] b, double[] a, double[] x) {
        int pad = 3 * Math.max(a.length, b.length);
        if (x.length <= pad) {
            throw new IllegalArgumentException("the length of the input vector x must be greater than padlen, which is " + pad);
        }
        double[] ext = new double[x.length + 2 * pad];
        for (int i = 0; i < pad; i++) {
            ext[i] = 2 * x[0] - x[pad - i];
            ext[pad + x.length + i] = 2 * x[x.length - 1] - x[x.length - 2 - i];
        }
        System.arraycopy(x, 0, ext, pad, x.length);
        double[] zi = lfilterZi(b, a);
        double[] forward = lfilter(b, a, ext, scaled(zi, ext[0]));
        double[] reversed = reverse(forward);
        double[] backward = reverse(lfilter(b, a, reversed, scaled(zi, reversed[0])));
        return Arrays.copyOfRange(backward, pad, pad + x.length);
    }

    private static double[] scaled(double[] v, double k) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] * k;
        }
        return out;
    }

    private static double[] reverse(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[v.length - 1 - i];
        }
        return out;
    }

    // ---- Welch ----

    /**
     * scipy's {@code welch(x, fs, nperseg=nperseg, detrend=False, scaling="density")} at the one-sided bins whose
     * frequency lies in {@code [lo, hi]} (neither the zero nor the Nyquist bin, which the analysis never reads).
     *
     * @return {@code {frequencies, power}} of those bins
     */
    static double[][] welchBand(double[] x, double fs, int nperseg, double lo, double hi) {
        int n = Math.min(nperseg, x.length);
        int step = n - n / 2;
        int segments = (x.length - n / 2) / step;
        double[] window = new double[n];
        double windowSquares = 0;
        double fac = 2 * Math.PI / n;
        for (int i = 0; i < n; i++) {
            window[i] = 0.5 + 0.5 * Math.cos(i * fac + -Math.PI); // periodic Hann, as scipy's general_cosine
            windowSquares += window[i] * window[i];
        }
        double scale = 1.0 / (fs * windowSquares);
        double val = 1.0 / (n * (1.0 / fs)); // numpy's rfftfreq spacing
        int bins = n / 2 + 1;
        int first = -1;
        int last = -2;
        for (int k = 0; k < bins; k++) {
            double f = k * val;
            if (f >= lo && f <= hi) {
                first = first < 0 ? k : first;
                last = k;
            }
        }
        int count = Math.max(0, last - first + 1);
        double[] freqs = new double[count];
        double[] power = new double[count];
        double[] cos = new double[n];
        double[] sin = new double[n];
        for (int i = 0; i < n; i++) {
            cos[i] = Math.cos(2 * Math.PI * i / n);
            sin[i] = Math.sin(2 * Math.PI * i / n);
        }
        double[][] windowed = new double[segments][n];
        for (int s = 0; s < segments; s++) {
            for (int i = 0; i < n; i++) {
                windowed[s][i] = x[s * step + i] * window[i];
            }
        }
        for (int b = 0; b < count; b++) {
            int k = first + b;
            freqs[b] = k * val;
            boolean edge = k == 0 || (n % 2 == 0 && k == n / 2);
            double sum = 0;
            for (double[] segment : windowed) {
                double re = 0;
                double im = 0;
                int phase = 0;
                for (int i = 0; i < n; i++) {
                    re += segment[i] * cos[phase];
                    im -= segment[i] * sin[phase];
                    phase += k;
                    if (phase >= n) {
                        phase -= n;
                    }
                }
                double p = (re * re + im * im) * scale;
                sum += edge ? p : 2 * p;
            }
            power[b] = sum / segments;
        }
        return new double[][] {freqs, power};
    }
}
