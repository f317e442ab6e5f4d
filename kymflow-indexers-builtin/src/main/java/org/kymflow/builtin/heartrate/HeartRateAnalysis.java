package org.kymflow.builtin.heartrate;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The heart rate of one ROI's velocity trace, as the Python kymflow's {@code HeartRateAnalysis.run_roi} and
 * {@code build_roi_summary_from_result} compute it: both methods on |velocity| winsorised and mean-removed,
 * Lomb-Scargle over a grid of the band (handles gaps) and Welch after short gaps are interpolated and a
 * zero-phase Butterworth band-pass (coarse: its bins are {@code fs / nperseg} apart), each with its peak, a
 * signal-to-noise ratio and two QC measures, then whether they agree. Ours, beside them: a refined estimate,
 * the Lomb-Scargle peak located between grid points.
 */
public final class HeartRateAnalysis {
    /** Python's {@code HRStatus} values. */
    static final String OK = "ok";
    static final String INSUFFICIENT_VALID = "insufficient_valid";
    static final String NO_PEAK_LOMB = "no_peak_lomb";
    static final String NO_PEAK_WELCH = "no_peak_welch";
    static final String METHOD_DISAGREE = "method_disagree";
    static final String OTHER_ERROR = "other_error";
    /** Fewer finite samples than this give no estimate, as in Python. */
    static final int MIN_VALID = 256;
    /** Points of the refinement's fine grid across two steps of the Lomb-Scargle grid. */
    private static final int REFINE_POINTS = 33;

    private HeartRateAnalysis() {
    }

    /**
     * One method's estimate, or why there is none.
     *
     * @param hz the peak frequency, or NaN
     * @param snr the peak's power over the band's median power
     * @param edge whether the peak is within the edge margin of the band
     * @param bandConcentration the band's power within the peak's half width, over the band's power, or null
     * @param status {@code ok} or why there is no estimate
     * @param note Python's note for that status
     */
    public record Estimate(double hz, double snr, boolean edge, Double bandConcentration, String status, String note) {
        static Estimate none(String status, String note) {
            return new Estimate(Double.NaN, Double.NaN, false, null, status, note);
        }

        /** @return whether the method gave an estimate */
        public boolean present() {
            return !Double.isNaN(hz);
        }

        /** @return the estimate in beats per minute (NaN when there is none) */
        public double bpm() {
            return 60.0 * hz;
        }
    }

    /**
     * One ROI's summary: the Python pipeline's columns, then the refined estimate.
     *
     * @param nTotal samples in the trace
     * @param nValid samples with a finite time and velocity
     * @param validFrac nValid / nTotal
     * @param tMin first finite time, or NaN
     * @param tMax last finite time, or NaN
     * @param lomb the Lomb-Scargle estimate
     * @param welch the Welch estimate
     * @param agreeDeltaBpm |lomb - welch| in bpm, or NaN when either is missing
     * @param agreeOk whether that is within the tolerance, or null when either is missing
     * @param status the ROI's status
     * @param statusNote why, for a status other than ok
     * @param refinedHz the Lomb-Scargle peak between grid points, or NaN
     */
    public record Summary(int nTotal, int nValid, double validFrac, double tMin, double tMax, Estimate lomb, Estimate welch,
                          double agreeDeltaBpm, Boolean agreeOk, String status, String statusNote, double refinedHz) {
    }

    /**
     * @param time window times, s (sorted here, stably, as Python sorts them)
     * @param velocity raw velocities, NaN where a window gave none
     * @param p the params
     * @return the summary
     */
    public static Summary analyze(double[] time, double[] velocity, HeartRateParams p) {
        int n = time.length;
        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(order, (a, b) -> Double.compare(time[a], time[b]));
        double[] t = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = time[order[i]];
            v[i] = velocity[order[i]];
        }
        int valid = 0;
        double tMin = Double.NaN;
        double tMax = Double.NaN;
        for (int i = 0; i < n; i++) {
            if (Double.isFinite(t[i]) && Double.isFinite(v[i])) {
                valid++;
                tMin = Double.isNaN(tMin) ? t[i] : Math.min(tMin, t[i]);
                tMax = Double.isNaN(tMax) ? t[i] : Math.max(tMax, t[i]);
            }
        }
        double[] x = preprocess(v, p);
        double[] refined = {Double.NaN};
        Estimate lomb = lomb(t, x, p, refined);
        Estimate welch = welch(t, x, p);
        double delta = Double.NaN;
        Boolean agree = null;
        if (lomb.present() && welch.present()) {
            delta = Math.abs(lomb.bpm() - welch.bpm());
            agree = delta <= p.agreeTolBpm();
        }
        String[] status = classify(lomb, welch, p.agreeTolBpm());
        return new Summary(n, valid, n == 0 ? 0.0 : (double) valid / n, tMin, tMax, lomb, welch, delta, agree, status[0], status[1],
                refined[0]);
    }

    /** |v| (or v), winsorised at the median +- k robust sigmas, then the mean of the finite values removed. */
    static double[] preprocess(double[] v, HeartRateParams p) {
        double[] x = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            x[i] = p.useAbs() ? Math.abs(v[i]) : v[i];
        }
        double med = Spectra.nanMedian(x);
        double[] deviation = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            deviation[i] = Math.abs(x[i] - med);
        }
        double mad = Spectra.nanMedian(deviation);
        if (Double.isFinite(mad) && mad != 0) {
            double sigma = 1.4826 * mad;
            double lo = med - p.outlierKMad() * sigma;
            double hi = med + p.outlierKMad() * sigma;
            for (int i = 0; i < x.length; i++) {
                if (!Double.isNaN(x[i])) {
                    x[i] = Math.min(Math.max(x[i], lo), hi);
                }
            }
        }
        double sum = 0;
        int finite = 0;
        for (double value : x) {
            if (Double.isFinite(value)) {
                sum += value;
                finite++;
            }
        }
        if (finite > 0) {
            double mean = sum / finite;
            for (int i = 0; i < x.length; i++) {
                if (Double.isFinite(x[i])) {
                    x[i] -= mean;
                }
            }
        }
        return x;
    }

    private static Estimate lomb(double[] t, double[] x, HeartRateParams p, double[] refinedOut) {
        int[] kept = IntStream.range(0, t.length).filter(i -> Double.isFinite(t[i]) && Double.isFinite(x[i])).toArray();
        if (kept.length < MIN_VALID) {
            return Estimate.none(INSUFFICIENT_VALID, "not enough valid samples for reliable HR estimate");
        }
        double[] tt = new double[kept.length];
        double[] xx = new double[kept.length];
        double mean = 0;
        for (int i = 0; i < kept.length; i++) {
            tt[i] = t[kept[i]];
            xx[i] = x[kept[i]];
            mean += xx[i];
        }
        mean /= kept.length;
        for (int i = 0; i < xx.length; i++) {
            xx[i] -= mean;
        }
        double[] grid = Spectra.linspace(p.loHz(), p.hiHz(), p.lombNFreq());
        double[] power = Spectra.lombScargle(tt, xx, grid);
        int peak = argmax(power);
        if (peak < 0) {
            return Estimate.none(NO_PEAK_LOMB, "no Lomb-Scargle peak found in analysis band");
        }
        refinedOut[0] = refine(tt, xx, grid, power, peak);
        return estimate(grid, power, peak, p);
    }

    /**
     * The Lomb-Scargle peak between grid points: the periodogram on a grid 16 times finer across the grid
     * points beside the peak, then the vertex of the parabola through the finest maximum and its neighbours.
     */
    private static double refine(double[] t, double[] x, double[] grid, double[] power, int peak) {
        if (grid.length < 2) {
            return grid[peak];
        }
        double from = grid[Math.max(0, peak - 1)];
        double to = grid[Math.min(grid.length - 1, peak + 1)];
        double[] fine = Spectra.linspace(from, to, REFINE_POINTS);
        double[] finePower = Spectra.lombScargle(t, x, fine);
        int k = argmax(finePower);
        if (k <= 0 || k >= fine.length - 1) {
            return fine[Math.max(k, 0)]; // at the band's edge: no parabola beyond it
        }
        double left = finePower[k - 1];
        double middle = finePower[k];
        double right = finePower[k + 1];
        double curvature = left - 2 * middle + right;
        double shift = curvature < 0 ? 0.5 * (left - right) / curvature : 0;
        return fine[k] + shift * (fine[1] - fine[0]);
    }

    private static Estimate welch(double[] t, double[] x, HeartRateParams p) {
        if (IntStream.range(0, t.length).filter(i -> Double.isFinite(t[i]) && Double.isFinite(x[i])).count() < MIN_VALID) {
            return Estimate.none(INSUFFICIENT_VALID, "not enough valid samples for reliable HR estimate"); // before the gaps are filled
        }
        double[] filled = interpolateSmallGaps(t, x, p.interpMaxGapSec());
        int[] kept = IntStream.range(0, t.length).filter(i -> Double.isFinite(t[i]) && Double.isFinite(filled[i])).toArray();
        if (kept.length < MIN_VALID) {
            return Estimate.none(INSUFFICIENT_VALID, "not enough valid samples after interpolation");
        }
        double[] tt = new double[kept.length];
        double[] xx = new double[kept.length];
        for (int i = 0; i < kept.length; i++) {
            tt[i] = t[kept[i]];
            xx[i] = filled[kept[i]];
        }
        double fs = samplingRate(tt);
        double nyquist = 0.5 * fs;
        if (Double.isNaN(fs) || !(p.hiHz() / nyquist < 1)) {
            // scipy refuses the filter (no positive time steps, or a band above Nyquist): Python's except branch
            return Estimate.none(OTHER_ERROR, "Welch processing failed");
        }
        double[][] ba = Spectra.butterBandpass(p.bandpassOrder(), p.loHz() / nyquist, p.hiHz() / nyquist);
        if (xx.length <= 3 * ba[0].length) {
            return Estimate.none(OTHER_ERROR, "Welch processing failed");
        }
        double[] filtered = Spectra.filtfilt(ba[0], ba[1], xx);
        int nperseg = (int) Math.max(128, Math.min(8192, Math.rint(fs * p.npersegSec()))); // Python's round: half to even
        double[][] spectrum = Spectra.welchBand(filtered, fs, nperseg, p.loHz(), p.hiHz());
        int peak = argmax(spectrum[1]);
        if (peak < 0) {
            return Estimate.none(NO_PEAK_WELCH, "no Welch peak found in analysis band");
        }
        return estimate(spectrum[0], spectrum[1], peak, p);
    }

    /** The peak's frequency and snr with the QC measures, over a spectrum whose every bin lies in the band. */
    private static Estimate estimate(double[] freqs, double[] power, int peak, HeartRateParams p) {
        double hz = freqs[peak];
        double median = Spectra.median(power);
        double snr = median > 0 ? power[peak] / median : Double.POSITIVE_INFINITY;
        double margin = p.effectiveEdgeMarginHz();
        boolean edge = hz <= p.loHz() + margin || hz >= p.hiHz() - margin;
        double total = 0;
        double local = 0;
        for (int i = 0; i < freqs.length; i++) {
            total += power[i];
            if (Math.abs(freqs[i] - hz) <= p.peakHalfWidthHz()) {
                local += power[i];
            }
        }
        Double concentration = Double.isFinite(total) && total > 0 ? local / total : null;
        return new Estimate(hz, snr, edge, concentration, OK, "");
    }

    /** numpy's argmax: the first largest value (a NaN wins, as in numpy); -1 for none. */
    private static int argmax(double[] values) {
        int best = -1;
        for (int i = 0; i < values.length; i++) {
            if (Double.isNaN(values[i])) {
                return i;
            }
            if (best < 0 || values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Python's {@code estimate_fs}: 1 / the median positive time step; NaN when there is none. */
    static double samplingRate(double[] t) {
        double[] steps = IntStream.range(1, t.length).mapToDouble(i -> t[i] - t[i - 1]).filter(d -> Double.isFinite(d) && d > 0).toArray();
        return steps.length == 0 ? Double.NaN : 1.0 / Spectra.median(steps);
    }

    /** Python's {@code interpolate_small_gaps}: NaN runs no longer than {@code maxGapSec} filled linearly. */
    static double[] interpolateSmallGaps(double[] t, double[] x, double maxGapSec) {
        double[] out = x.clone();
        int[] valid = IntStream.range(0, x.length).filter(i -> Double.isFinite(x[i]) && Double.isFinite(t[i])).toArray();
        if (valid.length < 2) {
            return out;
        }
        double[] vt = Arrays.stream(valid).mapToDouble(i -> t[i]).toArray();
        double[] vx = Arrays.stream(valid).mapToDouble(i -> x[i]).toArray();
        int i = 0;
        while (i < out.length) {
            if (Double.isFinite(out[i])) {
                i++;
                continue;
            }
            int a = i;
            while (i + 1 < out.length && !Double.isFinite(out[i + 1])) {
                i++;
            }
            int b = i;
            double duration = b > a ? t[b] - t[a] : 0.0;
            if (duration <= maxGapSec) {
                for (int k = a; k <= b; k++) {
                    out[k] = Spectra.interp(t[k], vt, vx);
                }
            }
            i++;
        }
        return out;
    }

    /** Python's {@code _classify_status}: {status, note}. */
    private static String[] classify(Estimate lomb, Estimate welch, double tolBpm) {
        if (lomb.present() && welch.present()) {
            double delta = Math.abs(lomb.bpm() - welch.bpm());
            if (delta > tolBpm) {
                return new String[] {METHOD_DISAGREE, "abs delta bpm " + oneDecimal(delta) + " > tol " + oneDecimal(tolBpm)};
            }
            return new String[] {OK, ""};
        }
        if (lomb.present() || welch.present()) {
            return new String[] {OK, ""};
        }
        for (Estimate e : new Estimate[] {lomb, welch}) {
            if (e.status().equals(INSUFFICIENT_VALID)) {
                return new String[] {INSUFFICIENT_VALID, e.note()};
            }
        }
        if (lomb.status().equals(NO_PEAK_LOMB)) {
            return new String[] {NO_PEAK_LOMB, lomb.note()};
        }
        if (welch.status().equals(NO_PEAK_WELCH)) {
            return new String[] {NO_PEAK_WELCH, welch.note()};
        }
        java.util.List<String> parts = new java.util.ArrayList<>();
        if (!lomb.note().isEmpty()) {
            parts.add("lomb: " + lomb.note());
        }
        if (!welch.note().isEmpty()) {
            parts.add("welch: " + welch.note());
        }
        return new String[] {OTHER_ERROR, parts.isEmpty() ? "no method estimate available" : String.join("; ", parts)};
    }

    /** Python's {@code f"{x:.1f}"}: the exact binary value rounded half to even. */
    private static String oneDecimal(double x) {
        return new BigDecimal(x).setScale(1, RoundingMode.HALF_EVEN).toPlainString();
    }

    /**
     * One window of the heart-rate series.
     *
     * @param tCenter the window's centre, s
     * @param validFrac the share of its samples with a finite time and velocity
     * @param welch its Welch estimate (none when too few samples are valid)
     */
    public record Segment(double tCenter, double validFrac, Estimate welch) {
    }

    /**
     * Python's {@code estimate_heart_rate_segment_series} with {@code method="welch"}: the heart rate in
     * windows of {@code windowSec} every {@code stepSec} over the finite part of the trace, each window
     * analysed on its own as the global Welch estimate is (its own winsorising and mean); a window with fewer
     * valid samples than {@code minValidFrac} has none.
     *
     * @param time window times, s (sorted here)
     * @param velocity raw velocities
     * @param p the params
     * @param windowSec window length, s
     * @param stepSec step between windows, s
     * @param minValidFrac the least share of valid samples a window needs
     * @return the windows, in time order
     */
    public static java.util.List<Segment> segments(double[] time, double[] velocity, HeartRateParams p, double windowSec, double stepSec,
                                                   double minValidFrac) {
        int n = time.length;
        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(order, (a, b) -> Double.compare(time[a], time[b]));
        double[] t = new double[n];
        double[] v = new double[n];
        double first = Double.NaN;
        double last = Double.NaN;
        for (int i = 0; i < n; i++) {
            t[i] = time[order[i]];
            v[i] = velocity[order[i]];
            if (Double.isFinite(t[i]) && Double.isFinite(v[i])) {
                first = Double.isNaN(first) ? t[i] : Math.min(first, t[i]);
                last = Double.isNaN(last) ? t[i] : Math.max(last, t[i]);
            }
        }
        java.util.List<Segment> out = new java.util.ArrayList<>();
        if (Double.isNaN(first)) {
            return out;
        }
        double minFrac = Math.min(1.0, Math.max(0.0, minValidFrac));
        for (double left = first; left + windowSec <= last + 1e-9; left += stepSec) {
            double right = left + windowSec;
            double from = left;
            int[] in = IntStream.range(0, n).filter(i -> t[i] >= from && t[i] < right).toArray();
            if (in.length == 0) {
                continue;
            }
            double[] tw = Arrays.stream(in).mapToDouble(i -> t[i]).toArray();
            double[] vw = Arrays.stream(in).mapToDouble(i -> v[i]).toArray();
            long finite = IntStream.range(0, tw.length).filter(i -> Double.isFinite(tw[i]) && Double.isFinite(vw[i])).count();
            double frac = (double) finite / tw.length;
            Estimate welch = frac < minFrac ? Estimate.none(INSUFFICIENT_VALID, "too few valid samples in the window")
                    : welch(tw, preprocess(vw, p), p);
            out.add(new Segment((left + right) * 0.5, frac, welch));
        }
        return out;
    }
}
