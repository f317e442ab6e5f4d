package org.kymflow.builtin.diameter;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** A measured line's quality flags and score: Python's rules for its methods, and ours for the fit. */
final class QualityControl {
    /** What each flag takes off the score of 1, as Python scores them (fit_failed is ours). */
    private static final Map<String, Double> PENALTIES = Map.of("low_contrast", 0.55, "missing_left_edge", 0.25,
            "missing_right_edge", 0.25, "gradient_invalid_order", 0.35, "gradient_low_edge_strength", 0.2, "saturation", 0.1,
            "double_peak", 0.15, "fit_failed", 0.25);

    private QualityControl() {
    }

    /**
     * Python's {@code _qc_metrics}: low contrast, its saturation rule (the 1st or 99th percentile within 1% of the
     * range from the extreme, which a flat background meets on most lines), two strong peaks, weak edges.
     *
     * @param profile the profile after the polarity
     * @param sorted its finite values, sorted
     * @param baseline its 10th percentile
     * @param peak its 90th
     * @param strengthLeft the left edge's strength, NaN when the method has none
     * @param strengthRight the right edge's
     * @param minStrength the weak-edge threshold
     * @param flags the method's flags; the line's flags on return, sorted
     * @return the score
     */
    static double pythonFlags(double[] profile, double[] sorted, double baseline, double peak, double strengthLeft,
                              double strengthRight, double minStrength, List<String> flags) {
        double contrast = peak - baseline;
        boolean contrasted = Double.isFinite(contrast) && contrast > 0;
        if (!contrasted) {
            flags.add("low_contrast");
        }
        boolean saturated = true;
        if (sorted.length > 0 && sorted[sorted.length - 1] - sorted[0] > 0) {
            double min = sorted[0];
            double range = sorted[sorted.length - 1] - min;
            double lowTail = (NumpyMath.percentileOfSorted(sorted, 1) - min) / range;
            double highTail = (sorted[sorted.length - 1] - NumpyMath.percentileOfSorted(sorted, 99)) / range;
            saturated = lowTail < 0.01 || highTail < 0.01;
        }
        if (saturated) {
            flags.add("saturation");
        }
        if (doublePeak(profile, baseline, contrast, contrasted)) {
            flags.add("double_peak");
        }
        if (Double.isFinite(strengthLeft) && Double.isFinite(strengthRight)) {
            double weakest = Math.min(strengthLeft, strengthRight);
            if (weakest < minStrength || contrasted && weakest / (contrast + 1e-12) < 0.2) {
                flags.add("gradient_low_edge_strength");
            }
        }
        return score(flags);
    }

    /**
     * Ours, for the fit, so that a flag means something is wrong: low contrast as Python judges it, saturation as
     * three or more pixels of the profile (before the polarity) at a detector's full scale, and a double peak as
     * two separate runs of at least two pixels above the half level of the smoothed profile (two lumens, or a
     * wall inside one); Python's rule, two local maxima above 80%, fires on any noisy plateau.
     *
     * @param profile the profile after the polarity
     * @param rawProfile the profile before it
     * @param baseline its 10th percentile
     * @param peak its 90th
     * @param flags the fit's flags; the line's flags on return, sorted
     * @return the score
     */
    static double fitFlags(double[] profile, double[] rawProfile, double baseline, double peak, List<String> flags) {
        double contrast = peak - baseline;
        boolean contrasted = Double.isFinite(contrast) && contrast > 0;
        if (!contrasted) {
            flags.add("low_contrast");
        }
        if (atFullScale(rawProfile) >= 3) {
            flags.add("saturation");
        }
        if (contrasted && lumens(NumpyMath.gaussianFilterNearest(NumpyMath.fillNan(profile), 1.5), baseline + 0.5 * contrast) >= 2) {
            flags.add("double_peak");
        }
        return score(flags);
    }

    /**
     * Pixels at a detector's full scale, {@code 2^bits - 1} for 8 to 16 bits: a profile value there means every
     * pixel averaged into it was clipped. (A flat plateau below full scale, as a noise-free scan has, is not.)
     */
    private static int atFullScale(double[] rawProfile) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : rawProfile) {
            max = Double.isNaN(v) ? max : Math.max(max, v);
        }
        boolean fullScale = false;
        for (int bits = 8; bits <= 16; bits++) {
            fullScale |= max == (1 << bits) - 1;
        }
        int count = 0;
        for (double v : rawProfile) {
            count += fullScale && v == max ? 1 : 0;
        }
        return count;
    }

    /** Runs of at least two pixels at or above {@code level}. */
    private static int lumens(double[] smooth, double level) {
        int runs = 0;
        int length = 0;
        for (double v : smooth) {
            length = v >= level ? length + 1 : 0;
            if (length == 2) {
                runs++;
            }
        }
        return runs;
    }

    private static boolean doublePeak(double[] profile, double baseline, double contrast, boolean contrasted) {
        if (profile.length < 3 || !contrasted) {
            return false;
        }
        int strong = 0;
        for (int i = 1; i < profile.length - 1; i++) {
            double c = profile[i];
            if (c > profile[i - 1] && c >= profile[i + 1] && c >= baseline + 0.8 * contrast) {
                strong++;
            }
        }
        return strong >= 2;
    }

    private static double score(List<String> flags) {
        TreeSet<String> unique = new TreeSet<>(flags);
        flags.clear();
        flags.addAll(unique);
        double score = 1.0;
        for (String flag : unique) {
            score -= PENALTIES.getOrDefault(flag, 0.0);
        }
        return Math.min(1.0, Math.max(0.0, score));
    }
}
