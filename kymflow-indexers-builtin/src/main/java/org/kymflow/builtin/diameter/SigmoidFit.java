package org.kymflow.builtin.diameter;

import java.util.Arrays;

/**
 * Fits a lumen profile with {@code b + a * g((x - left) / s) * g((right - x) / s)}, {@code g} the logistic
 * function: a plateau between two blurred walls on a flat background, whose edges are the walls' midpoints.
 * Levenberg-Marquardt on the five parameters with an analytic Jacobian. The walls' midpoints do not depend on
 * the blur, the background or the brightness, so the edges come out past the pixel grid and unbiased where a
 * threshold at half the profile's maximum is pulled outwards in narrow vessels, whose plateau the blur lowers.
 * Five parameters need no library; Commons Math's optimiser would bring a dependency for thirty lines.
 */
final class SigmoidFit {
    /** Parameter indices. */
    static final int BASE = 0;
    static final int AMPLITUDE = 1;
    static final int LEFT = 2;
    static final int RIGHT = 3;
    static final int SOFTNESS = 4;
    private static final int N = 5;
    private static final int MAX_ITERATIONS = 60;
    private static final double MIN_SOFTNESS = 0.05;

    private SigmoidFit() {
    }

    /**
     * What the detector did to the pixels a profile averages: their noise, lower at the background than in the
     * lumen when the noise grows with the signal (speckle), and the levels where it clipped them. The fit
     * weighs each pixel by its noise and compares the profile with the expected value of clipped noisy pixels
     * (a Tobit model): a plateau clipped at the detector's maximum then gives the walls where they are, where
     * a plain fit would read the clipped lumen as wider walls.
     *
     * @param low the level pixels were clipped up to, or negative infinity
     * @param high the level they were clipped down to, or positive infinity
     * @param sigmaBackground a pixel's noise at the background, counts
     * @param sigmaLumen a pixel's noise in the lumen
     */
    record Noise(double low, double high, double sigmaBackground, double sigmaLumen) {
        /** No clipping, equal noise: a plain least-squares fit. */
        static final Noise PLAIN = new Noise(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 1, 1);

        private boolean clipped() {
            return low > Double.NEGATIVE_INFINITY || high < Double.POSITIVE_INFINITY;
        }
    }

    /**
     * @param y the profile (NaN values are left out)
     * @param start the starting parameters; refined in place
     * @param noise the pixels' noise and clipping
     * @return whether the fit converged to a profile with a positive amplitude and its edges in order
     */
    static boolean fit(double[] y, double[] start, Noise noise) {
        double[] p = start;
        double[] trial = new double[N];
        double[] jtj = new double[N * N];
        double[] jtr = new double[N];
        double[] step = new double[N];
        double cost = cost(y, p, noise);
        double lambda = 1e-3;
        boolean converged = false;
        for (int iteration = 0; iteration < MAX_ITERATIONS && !converged; iteration++) {
            normalEquations(y, p, noise, jtj, jtr);
            boolean improved = false;
            while (!improved && lambda < 1e12) {
                double[] a = jtj.clone();
                for (int i = 0; i < N; i++) {
                    a[i * N + i] += lambda * Math.max(jtj[i * N + i], 1e-12);
                }
                if (!solve(a, jtr.clone(), step)) {
                    lambda *= 10;
                    continue;
                }
                for (int i = 0; i < N; i++) {
                    trial[i] = p[i] + step[i];
                }
                trial[SOFTNESS] = Math.max(MIN_SOFTNESS, trial[SOFTNESS]);
                double trialCost = cost(y, trial, noise);
                if (trialCost <= cost) {
                    converged = cost - trialCost <= 1e-12 * cost || Math.abs(step[LEFT]) + Math.abs(step[RIGHT]) < 1e-7;
                    System.arraycopy(trial, 0, p, 0, N);
                    cost = trialCost;
                    lambda = Math.max(lambda / 10, 1e-9);
                    improved = true;
                } else {
                    lambda *= 10;
                }
            }
            if (!improved) {
                converged = true; // no step lowers the cost: at a minimum to the precision of doubles
            }
        }
        return converged && p[AMPLITUDE] > 0 && p[LEFT] < p[RIGHT] && Double.isFinite(cost);
    }

    /**
     * @param x a position, pixels
     * @param p the parameters
     * @return the model's value there
     */
    static double model(double x, double[] p) {
        return p[BASE] + p[AMPLITUDE] * logistic((x - p[LEFT]) / p[SOFTNESS]) * logistic((p[RIGHT] - x) / p[SOFTNESS]);
    }

    private static double logistic(double z) {
        return 1.0 / (1.0 + Math.exp(-z));
    }

    private static double cost(double[] y, double[] p, Noise noise) {
        double sum = 0;
        double[] e = new double[3];
        for (int x = 0; x < y.length; x++) {
            if (!Double.isNaN(y[x])) {
                expected(x, p, noise, e);
                double r = y[x] - e[0];
                sum += r * r * e[2];
            }
        }
        return sum;
    }

    /**
     * The profile's expected value at {@code x} ({@code e[0]}), its derivative by the model's value
     * ({@code e[1]}, the share of pixels not clipped) and the pixel's weight ({@code e[2]}, 1 / variance).
     */
    private static void expected(int x, double[] p, Noise noise, double[] e) {
        double share = logistic((x - p[LEFT]) / p[SOFTNESS]) * logistic((p[RIGHT] - x) / p[SOFTNESS]);
        double m = p[BASE] + p[AMPLITUDE] * share;
        double sigma = noise.sigmaBackground() + (noise.sigmaLumen() - noise.sigmaBackground()) * Math.min(1, Math.max(0, share));
        e[2] = 1 / (sigma * sigma);
        if (!noise.clipped()) {
            e[0] = m;
            e[1] = 1;
            return;
        }
        // E[clamp(m + N(0, sigma^2), low, high)]
        double a = (noise.low() - m) / sigma;
        double c = (noise.high() - m) / sigma;
        double below = noise.low() > Double.NEGATIVE_INFINITY ? Normal.cdf(a) : 0;
        double above = noise.high() < Double.POSITIVE_INFINITY ? 1 - Normal.cdf(c) : 0;
        double inside = 1 - below - above;
        e[0] = (below > 0 ? noise.low() * below : 0) + (above > 0 ? noise.high() * above : 0) + m * inside
                + sigma * (Normal.pdf(a) - Normal.pdf(c));
        e[1] = inside;
    }

    private static void normalEquations(double[] y, double[] p, Noise noise, double[] jtj, double[] jtr) {
        Arrays.fill(jtj, 0);
        Arrays.fill(jtr, 0);
        double[] j = new double[N];
        double[] e = new double[3];
        double s = p[SOFTNESS];
        for (int x = 0; x < y.length; x++) {
            if (Double.isNaN(y[x])) {
                continue;
            }
            double u = (x - p[LEFT]) / s;
            double v = (p[RIGHT] - x) / s;
            double gu = logistic(u);
            double gv = logistic(v);
            double du = gu * (1 - gu);
            double dv = gv * (1 - gv);
            double a = p[AMPLITUDE];
            expected(x, p, noise, e);
            double d = e[1];
            j[BASE] = d;
            j[AMPLITUDE] = d * gu * gv;
            j[LEFT] = -d * a * gv * du / s;
            j[RIGHT] = d * a * gu * dv / s;
            j[SOFTNESS] = -d * a * (du * u * gv + gu * dv * v) / s;
            double r = y[x] - e[0];
            double w = e[2];
            for (int m = 0; m < N; m++) {
                jtr[m] += w * j[m] * r;
                for (int k = 0; k <= m; k++) {
                    jtj[m * N + k] += w * j[m] * j[k];
                }
            }
        }
        for (int m = 0; m < N; m++) {
            for (int k = m + 1; k < N; k++) {
                jtj[m * N + k] = jtj[k * N + m];
            }
        }
    }

    /** Gaussian elimination with partial pivoting; false when the matrix is singular. */
    private static boolean solve(double[] a, double[] b, double[] x) {
        for (int col = 0; col < N; col++) {
            int pivot = col;
            for (int r = col + 1; r < N; r++) {
                if (Math.abs(a[r * N + col]) > Math.abs(a[pivot * N + col])) {
                    pivot = r;
                }
            }
            if (!(Math.abs(a[pivot * N + col]) > 1e-300)) {
                return false;
            }
            if (pivot != col) {
                for (int k = 0; k < N; k++) {
                    double t = a[col * N + k];
                    a[col * N + k] = a[pivot * N + k];
                    a[pivot * N + k] = t;
                }
                double t = b[col];
                b[col] = b[pivot];
                b[pivot] = t;
            }
            for (int r = col + 1; r < N; r++) {
                double f = a[r * N + col] / a[col * N + col];
                for (int k = col; k < N; k++) {
                    a[r * N + k] -= f * a[col * N + k];
                }
                b[r] -= f * b[col];
            }
        }
        for (int r = N - 1; r >= 0; r--) {
            double sum = b[r];
            for (int k = r + 1; k < N; k++) {
                sum -= a[r * N + k] * x[k];
            }
            x[r] = sum / a[r * N + r];
        }
        return Arrays.stream(x).allMatch(Double::isFinite);
    }
}
