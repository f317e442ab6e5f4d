package org.kymflow.builtin.diameter;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The diameter of one ROI of a cross-section scan, line by line, as the Python {@code DiameterAnalyzer.analyze}
 * computes it: a profile per measured line (the mean or median of a window of lines), the polarity applied,
 * edges by the chosen method, its quality flags and score, gradient_edges's motion gates, and the optional
 * post-filter. Edges are in pixels of the whole image (the ROI's {@code x0} added), lines too.
 */
public final class DiameterAnalysis {
    private DiameterAnalysis() {
    }

    /**
     * The measured lines, in order; NaN where a line has no edge or diameter.
     *
     * @param centerRow the line measured (of the whole image)
     * @param left left edge, pixels of the image
     * @param right right edge
     * @param diameter {@code right - left}, pixels
     * @param peak the profile's 90th percentile
     * @param baseline its 10th percentile
     * @param edgeStrengthLeft the left wall's slope (intensity per pixel), NaN for threshold_width
     * @param edgeStrengthRight the right wall's
     * @param qcScore 1 minus the penalties of the flags, 0 to 1
     * @param qcFlags each line's flags, sorted
     * @param diameterFiltered the post-filtered diameter (the diameter when there is no post-filter)
     * @param wasFiltered whether the post-filter replaced the line's diameter
     * @param edgeViolation whether an edge moved too far (gradient_edges's gate)
     * @param diameterViolation whether the diameter changed too much
     * @param centerViolation whether the centre moved too far
     * @param sumIntensity the sum of the profile after the polarity
     */
    public record Result(int[] centerRow, double[] left, double[] right, double[] diameter, double[] peak, double[] baseline,
                         double[] edgeStrengthLeft, double[] edgeStrengthRight, double[] qcScore, List<List<String>> qcFlags,
                         double[] diameterFiltered, boolean[] wasFiltered, boolean[] edgeViolation, boolean[] diameterViolation,
                         boolean[] centerViolation, double[] sumIntensity) {
        /** @return lines measured */
        public int size() {
            return centerRow.length;
        }
    }

    /** One line's edges before quality control. */
    private record Edges(double left, double right, double strengthLeft, double strengthRight, List<String> flags) {
        static Edges missing(String... flags) {
            return new Edges(Double.NaN, Double.NaN, Double.NaN, Double.NaN, List.of(flags));
        }
    }

    /**
     * @param pixels the ROI's pixels, row-major, {@code lines x width}
     * @param lines the ROI's height
     * @param width the ROI's width, at least 2
     * @param y0 the ROI's first line in the image
     * @param x0 its first pixel
     * @param umPerPixel the pixel size, for the motion gates; NaN when unknown (gradient_edges's gates then need it)
     * @param params the params
     * @return the measured lines
     * @throws IllegalArgumentException when gradient_edges's motion gates are on and the pixel size is unknown
     */
    public static Result analyze(double[] pixels, int lines, int width, int y0, int x0, double umPerPixel, DiameterParams params) {
        if (params.motionGates() && !(umPerPixel > 0)) {
            throw new IllegalArgumentException("gradient_edges's motion gates are in um and the image has no pixel size (delx); "
                    + "turn them off (diameter.max_edge_shift_um_on=false ...) or give the header's scale");
        }
        int n = (lines + params.stride() - 1) / params.stride();
        Result r = new Result(new int[n], new double[n], new double[n], new double[n], new double[n], new double[n], new double[n],
                new double[n], new double[n], new ArrayList<>(), new double[n], new boolean[n], new boolean[n], new boolean[n],
                new boolean[n], new double[n]);
        int half = params.windowRowsOdd() / 2;
        boolean dark = "dark_on_bright".equals(params.polarity());
        SigmoidFit.Noise rawNoise = DiameterParams.SIGMOID_FIT.equals(params.method()) ? noiseOf(pixels, lines, width) : null;
        double[] profile = new double[width];
        double[] column = new double[params.windowRowsOdd()];
        for (int k = 0; k < n; k++) {
            int center = k * params.stride();
            int w0 = Math.max(0, center - half);
            int w1 = Math.min(lines, center + half + 1);
            binWindow(pixels, width, w0, w1, "median".equals(params.binningMethod()), profile, column);
            SigmoidFit.Noise noise = rawNoise;
            double[] rawProfile = rawNoise == null ? null : profile.clone();
            if (dark) {
                double max = Double.NEGATIVE_INFINITY;
                for (double v : profile) {
                    max = Math.max(max, Double.isNaN(v) ? max : v);
                }
                for (int x = 0; x < width; x++) {
                    profile[x] = max - profile[x];
                }
                if (rawNoise != null) { // the raw background is the bright side: its noise and clip levels turn over
                    noise = new SigmoidFit.Noise(max - rawNoise.high(), max - rawNoise.low(), rawNoise.sigmaLumen(), rawNoise.sigmaBackground());
                }
            }
            r.centerRow()[k] = y0 + center;
            r.sumIntensity()[k] = NumpyMath.pairwiseSum(profile, 0, width);
            double[] sorted = NumpyMath.finiteSorted(profile);
            double baseline = NumpyMath.percentileOfSorted(sorted, 10);
            double peak = NumpyMath.percentileOfSorted(sorted, 90);
            Edges e = switch (params.method()) {
                case DiameterParams.THRESHOLD_WIDTH -> thresholdWidth(profile, sorted, params);
                case DiameterParams.GRADIENT_EDGES -> gradientEdges(profile, params);
                default -> sigmoidFit(profile, baseline, peak, params, noise);
            };
            double left = e.left() + x0;
            double right = e.right() + x0;
            double diameter = Double.isNaN(left) || Double.isNaN(right) ? Double.NaN : right - left;
            r.left()[k] = left;
            r.right()[k] = right;
            r.diameter()[k] = diameter;
            r.diameterFiltered()[k] = diameter;
            r.peak()[k] = peak;
            r.baseline()[k] = baseline;
            r.edgeStrengthLeft()[k] = e.strengthLeft();
            r.edgeStrengthRight()[k] = e.strengthRight();
            List<String> flags = new ArrayList<>(e.flags());
            boolean ours = DiameterParams.SIGMOID_FIT.equals(params.method());
            r.qcScore()[k] = ours ? QualityControl.fitFlags(profile, rawProfile, baseline, peak, flags)
                    : QualityControl.pythonFlags(profile, sorted, baseline, peak, e.strengthLeft(), e.strengthRight(),
                            params.gradientMinEdgeStrength(), flags);
            r.qcFlags().add(flags);
        }
        if (params.motionGates()) {
            applyMotionGates(r, params, umPerPixel);
        }
        PostFilter.apply(r, params);
        return r;
    }

    private static void binWindow(double[] pixels, int width, int w0, int w1, boolean median, double[] profile, double[] column) {
        for (int x = 0; x < width; x++) {
            int count = 0;
            double sum = 0;
            for (int row = w0; row < w1; row++) {
                double v = pixels[row * width + x];
                if (!Double.isNaN(v)) {
                    column[count++] = v;
                    sum += v; // numpy adds the window's rows one after another
                }
            }
            if (count == 0) {
                profile[x] = Double.NaN;
            } else if (median) {
                double[] values = java.util.Arrays.copyOf(column, count);
                java.util.Arrays.sort(values);
                profile[x] = NumpyMath.medianOfSorted(values);
            } else {
                profile[x] = sum / count;
            }
        }
    }

    /** Python's threshold_width: the first and last pixel at or above the threshold; one on the profile's end is missing. */
    private static Edges thresholdWidth(double[] profile, double[] sorted, DiameterParams params) {
        if (sorted.length == 0) {
            return Edges.missing("empty_profile");
        }
        double threshold = "absolute".equals(params.thresholdMode()) ? params.thresholdValue()
                : halfWay(NumpyMath.percentileOfSorted(sorted, 10), NumpyMath.percentileOfSorted(sorted, 90));
        int first = -1;
        int last = -1;
        for (int x = 0; x < profile.length; x++) {
            if (profile[x] >= threshold) {
                first = first < 0 ? x : first;
                last = x;
            }
        }
        if (first < 0) {
            return Edges.missing("missing_left_edge", "missing_right_edge");
        }
        List<String> flags = new ArrayList<>();
        double left = first;
        double right = last;
        if (first == 0) {
            flags.add("missing_left_edge");
            left = Double.NaN;
        }
        if (last == profile.length - 1) {
            flags.add("missing_right_edge");
            right = Double.NaN;
        }
        return new Edges(left, right, Double.NaN, Double.NaN, flags);
    }

    private static double halfWay(double baseline, double peak) {
        return baseline + 0.5 * (peak - baseline);
    }

    /** Python's gradient_edges: NaN filled, Gaussian smoothed, numpy's gradient; its maximum and minimum. */
    private static Edges gradientEdges(double[] profile, DiameterParams params) {
        if (NumpyMath.finiteSorted(profile).length == 0) {
            return Edges.missing("empty_profile");
        }
        double[] derivative = smoothedDerivative(profile, params.gradientSigma());
        int left = argMax(derivative, 1);
        int right = argMax(derivative, -1);
        double strengthLeft = Math.max(0.0, derivative[left]);
        double strengthRight = Math.max(0.0, -derivative[right]);
        if (left >= right) {
            return new Edges(Double.NaN, Double.NaN, strengthLeft, strengthRight, List.of("gradient_invalid_order"));
        }
        List<String> flags = new ArrayList<>();
        if (strengthLeft < params.gradientMinEdgeStrength() || strengthRight < params.gradientMinEdgeStrength()) {
            flags.add("gradient_low_edge_strength");
        }
        return new Edges(left, right, strengthLeft, strengthRight, flags);
    }

    private static double[] smoothedDerivative(double[] profile, double sigma) {
        double[] filled = NumpyMath.fillNan(profile);
        return NumpyMath.gradient(sigma > 0 ? NumpyMath.gaussianFilterNearest(filled, sigma) : filled);
    }

    /** The first index of the largest value of {@code sign * a}, as numpy's argmax and argmin. */
    private static int argMax(double[] a, int sign) {
        int best = 0;
        for (int i = 1; i < a.length; i++) {
            if (sign * a[i] > sign * a[best]) {
                best = i;
            }
        }
        return best;
    }

    /**
     * Ours: gradient_edges's whole-pixel walls start a fit of the blurred-walls model ({@link SigmoidFit}), whose
     * midpoints are the edges. A fit that fails, or strays from where the walls were seen, leaves the edges to
     * the half-level crossings interpolated between pixels, flagged {@code fit_failed}. A wall within a pixel
     * of the profile's end is missing: the fit would extrapolate it.
     */
    private static Edges sigmoidFit(double[] profile, double baseline, double peak, DiameterParams params, SigmoidFit.Noise noise) {
        int n = profile.length;
        if (Double.isNaN(baseline) || n < 5) {
            return Edges.missing("empty_profile");
        }
        double[] derivative = smoothedDerivative(profile, params.gradientSigma() > 0 ? params.gradientSigma() : 1.5);
        int left0 = argMax(derivative, 1);
        int right0 = argMax(derivative, -1);
        if (left0 >= right0 || !(peak > baseline)) {
            return Edges.missing(left0 >= right0 ? "gradient_invalid_order" : "low_contrast");
        }
        double[] p = {baseline, peak - baseline, left0, right0, 1.0};
        boolean fitted = SigmoidFit.fit(profile, p, noise);
        double tolerance = Math.max(3.0, 0.25 * (right0 - left0));
        double left;
        double right;
        List<String> flags = new ArrayList<>();
        if (fitted && Math.abs(p[SigmoidFit.LEFT] - left0) <= tolerance && Math.abs(p[SigmoidFit.RIGHT] - right0) <= tolerance) {
            left = p[SigmoidFit.LEFT];
            right = p[SigmoidFit.RIGHT];
        } else {
            flags.add("fit_failed");
            double level = halfWay(baseline, peak);
            left = crossing(profile, left0, level, -1);
            right = crossing(profile, right0, level, 1);
        }
        if (!(left >= 1.0)) {
            flags.add("missing_left_edge");
            left = Double.NaN;
        }
        if (!(right <= n - 2.0)) {
            flags.add("missing_right_edge");
            right = Double.NaN;
        }
        double slope = flags.contains("fit_failed") ? Double.NaN : p[SigmoidFit.AMPLITUDE] / (4 * p[SigmoidFit.SOFTNESS]);
        return new Edges(left, right, slope, slope, flags);
    }

    /**
     * The ROI's pixel noise and clip levels, as {@link SigmoidFit.Noise} for a bright lumen on a dark background
     * (turned over per line for the other polarity). A level is a clip when at least 0.2% of the pixels (and 3)
     * sit exactly on the ROI's minimum or maximum. The noise is the robust spread (1.4826 MAD) of differences
     * between a pixel and the one a line later, over pairs near the background and near the lumen's level
     * (each below a fifth or above four fifths of the way from the 10th to the 90th percentile), and
     * neither of them clipped: walls moving between lines would inflate it, levels far from them do not.
     */
    static SigmoidFit.Noise noiseOf(double[] pixels, int lines, int width) {
        double[] sorted = NumpyMath.finiteSorted(pixels);
        if (sorted.length < 2) {
            return SigmoidFit.Noise.PLAIN;
        }
        double min = sorted[0];
        double max = sorted[sorted.length - 1];
        int atMin = 0;
        int atMax = 0;
        while (atMin < sorted.length && sorted[atMin] == min) {
            atMin++;
        }
        while (atMax < sorted.length && sorted[sorted.length - 1 - atMax] == max) {
            atMax++;
        }
        int enough = Math.max(3, (int) Math.ceil(0.002 * sorted.length));
        double low = atMin >= enough ? min : Double.NEGATIVE_INFINITY;
        double high = atMax >= enough ? max : Double.POSITIVE_INFINITY;
        double p10 = NumpyMath.percentileOfSorted(sorted, 10);
        double p90 = NumpyMath.percentileOfSorted(sorted, 90);
        double bottomLimit = p10 + 0.2 * (p90 - p10);
        double topLimit = p10 + 0.8 * (p90 - p10);
        double[] bottom = new double[pixels.length];
        double[] top = new double[pixels.length];
        int nb = 0;
        int nt = 0;
        for (int t = 0; t + 1 < lines; t++) {
            for (int x = 0; x < width; x++) {
                double a = pixels[t * width + x];
                double b = pixels[(t + 1) * width + x];
                if (Double.isNaN(a) || Double.isNaN(b) || a == low || b == low || a == high || b == high) {
                    continue;
                }
                double level = 0.5 * (a + b);
                if (level < bottomLimit) {
                    bottom[nb++] = b - a;
                } else if (level > topLimit) {
                    top[nt++] = b - a;
                }
            }
        }
        double sigmaBottom = spread(bottom, nb);
        double sigmaTop = spread(top, nt);
        if (Double.isNaN(sigmaBottom)) {
            sigmaBottom = Double.isNaN(sigmaTop) ? 1 : sigmaTop;
        }
        if (Double.isNaN(sigmaTop)) {
            sigmaTop = sigmaBottom;
        }
        // integer counts carry at least their rounding (1 / sqrt(12)); a noise-free scan must not get zero weights
        return new SigmoidFit.Noise(low, high, Math.max(sigmaBottom, 0.3), Math.max(sigmaTop, 0.3));
    }

    /** 1.4826 MAD of pixel differences over sqrt 2: one pixel's noise; NaN with fewer than 50 pairs. */
    private static double spread(double[] differences, int n) {
        if (n < 50) {
            return Double.NaN;
        }
        double[] d = java.util.Arrays.copyOf(differences, n);
        java.util.Arrays.sort(d);
        double median = NumpyMath.medianOfSorted(d);
        for (int i = 0; i < n; i++) {
            d[i] = Math.abs(d[i] - median);
        }
        java.util.Arrays.sort(d);
        return 1.4826 * NumpyMath.medianOfSorted(d) / Math.sqrt(2);
    }

    /**
     * Where the profile crosses {@code level} nearest to {@code from}, interpolated between the two pixels:
     * searching outwards ({@code direction} -1 for the left wall, whose lumen side is on the right).
     */
    private static double crossing(double[] profile, int from, double level, int direction) {
        for (int d = 0; d < profile.length; d++) {
            for (int x : new int[] {from - d, from + d}) {
                int inner = x - direction; // the neighbour towards the lumen
                if (x < 0 || x >= profile.length || inner < 0 || inner >= profile.length) {
                    continue;
                }
                double outside = profile[x];
                double inside = profile[inner];
                if (outside < level && inside >= level) {
                    return x + (inner - x) * (level - outside) / (inside - outside);
                }
            }
        }
        return Double.NaN;
    }

    private static void applyMotionGates(Result r, DiameterParams params, double umPerPixel) {
        double edgeLimit = params.maxEdgeShiftUm() / umPerPixel;
        double diameterLimit = params.maxDiameterChangeUm() / umPerPixel;
        double centerLimit = params.maxCenterShiftUm() / umPerPixel;
        // each line is judged against the line before as the gates left it, as Python does
        for (int i = 1; i < r.size(); i++) {
            double prevLeft = r.left()[i - 1];
            double prevRight = r.right()[i - 1];
            double left = r.left()[i];
            double right = r.right()[i];
            boolean edge = false;
            boolean diameter = false;
            boolean center = false;
            if (params.maxEdgeShiftOn() && Double.isFinite(left) && Double.isFinite(prevLeft) && Math.abs(left - prevLeft) > edgeLimit) {
                left = Double.NaN;
                edge = true;
            }
            if (params.maxEdgeShiftOn() && Double.isFinite(right) && Double.isFinite(prevRight) && Math.abs(right - prevRight) > edgeLimit) {
                right = Double.NaN;
                edge = true;
            }
            double prevD = prevRight - prevLeft;
            double d = right - left;
            if (params.maxDiameterChangeOn() && Double.isFinite(d) && Double.isFinite(prevD) && Math.abs(d - prevD) > diameterLimit) {
                left = Double.NaN;
                right = Double.NaN;
                diameter = true;
            }
            double prevC = 0.5 * (prevLeft + prevRight);
            double c = 0.5 * (left + right);
            if (params.maxCenterShiftOn() && Double.isFinite(c) && Double.isFinite(prevC) && Math.abs(c - prevC) > centerLimit) {
                left = Double.NaN;
                right = Double.NaN;
                center = true;
            }
            r.left()[i] = left;
            r.right()[i] = right;
            r.diameter()[i] = Double.isFinite(left) && Double.isFinite(right) ? right - left : Double.NaN;
            r.diameterFiltered()[i] = r.diameter()[i];
            r.edgeViolation()[i] = edge;
            r.diameterViolation()[i] = diameter;
            r.centerViolation()[i] = center;
            TreeSet<String> flags = new TreeSet<>(r.qcFlags().get(i));
            if (edge) {
                flags.add("motion_edge_violation");
            }
            if (diameter) {
                flags.add("motion_diameter_violation");
            }
            if (center) {
                flags.add("motion_center_violation");
            }
            r.qcFlags().set(i, new ArrayList<>(flags));
        }
    }
}
