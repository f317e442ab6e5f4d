package org.kymflow.builtin.events;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A port of the Python kymflow {@code detect_events(time_s, velocity)} (baseline drops and rises of |v|,
 * NaN-dominated gaps, zero gaps), method for method, so it returns the same events with the same
 * indices and floats equal to about 1e-12 relative.
 *
 * <p>Where Python recomputes a median over a moving window for every sample (O(n·w)), this keeps the
 * window's finite values sorted and updates them by one insertion and one removal per step; the medians
 * are the same numbers (a middle value, or the mean of the two middle values as numpy computes it).
 * Python's {@code round} is round-half-even, as {@link Math#rint} is.
 */
public final class VelocityEventDetector {
    private VelocityEventDetector() {
    }

    /**
     * The events of a trace and the baseline threshold used.
     *
     * @param events time-sorted events, as detect_events orders them (ties keep drops, NaN gaps, zero gaps)
     * @param threshold the baseline-drop threshold, NaN when too few scores were valid
     */
    public record Result(List<VelocityEvent> events, double threshold) {
    }

    /**
     * @param t times, seconds, nearly uniform
     * @param v velocities; NaN is missing evidence
     * @param p the parameters
     * @return the events
     * @throws IllegalArgumentException when the times have no positive finite step (as Python raises)
     */
    public static Result detect(double[] t, double[] v, EventParams p) {
        if (t.length != v.length) {
            throw new IllegalArgumentException("time has " + t.length + " samples but velocity has " + v.length);
        }
        double fs = estimateFs(t);
        List<VelocityEvent> base = new ArrayList<>();
        double threshold = baselineDrops(t, v, fs, p, base);
        List<VelocityEvent> all = new ArrayList<>(base);
        boolean[] isNan = new boolean[v.length];
        boolean[] isZero = new boolean[v.length];
        for (int i = 0; i < v.length; i++) {
            isNan[i] = !Double.isFinite(v[i]);
            isZero[i] = Double.isFinite(v[i]) && (p.eps0() == 0.0 ? v[i] == 0.0 : Math.abs(v[i]) <= p.eps0());
        }
        gaps(t, v, fs, isNan, p.nanWinSec(), p.nanEnterFrac(), p.nanExitFrac(), p.nanMinDurationSec(), p.nanMergeGapSec(), true, all);
        gaps(t, v, fs, isZero, p.zeroWinSec(), p.zeroEnterFrac(), p.zeroExitFrac(), p.zeroMinDurationSec(), p.zeroMergeGapSec(), false, all);
        all.sort(Comparator.comparingDouble(VelocityEvent::tStart)); // stable, as Python's sorted
        return new Result(all, threshold);
    }

    /** 1 / median of the positive finite time steps. */
    static double estimateFs(double[] t) {
        double[] dt = new double[Math.max(0, t.length - 1)];
        int n = 0;
        for (int i = 0; i + 1 < t.length; i++) {
            double d = t[i + 1] - t[i];
            if (Double.isFinite(d) && d > 0) {
                dt[n++] = d;
            }
        }
        if (n == 0) {
            throw new IllegalArgumentException("Cannot estimate sampling rate: time array has no positive finite diffs.");
        }
        Arrays.sort(dt, 0, n);
        return 1.0 / medianOfSorted(dt, n);
    }

    private static double medianOfSorted(double[] sorted, int n) {
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }

    private static int pyRound(double x) {
        return (int) Math.rint(x);
    }

    /** Fills events with drops and rises; returns the threshold (NaN when too few valid scores). */
    private static double baselineDrops(double[] t, double[] v, double fs, EventParams p, List<VelocityEvent> events) {
        int n = v.length;
        double[] abs = new double[n];
        for (int i = 0; i < n; i++) {
            abs[i] = Math.abs(v[i]);
        }
        int wCmp = Math.max(5, pyRound(p.winCmpSec() * fs));
        int minValid = p.minValidPerSide() < 0 ? Math.max(10, wCmp / 5) : p.minValidPerSide();
        double[] score = new double[n];
        double[] medL = new double[n];
        double[] medR = new double[n];
        Arrays.fill(score, Double.NaN);
        Arrays.fill(medL, Double.NaN);
        Arrays.fill(medR, Double.NaN);
        SortedWindow left = new SortedWindow(wCmp);
        SortedWindow right = new SortedWindow(wCmp);
        for (int j = 0; j < Math.min(n, wCmp); j++) {
            right.add(abs[j]);
        }
        int validCount = 0;
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                left.add(abs[i - 1]);
                if (i - 1 - wCmp >= 0) {
                    left.remove(abs[i - 1 - wCmp]);
                }
                right.remove(abs[i - 1]);
                if (i - 1 + wCmp < n) {
                    right.add(abs[i - 1 + wCmp]);
                }
            }
            if (left.size() >= minValid && right.size() >= minValid) {
                medL[i] = left.median();
                medR[i] = right.median();
                score[i] = medR[i] - medL[i];
                validCount++;
            }
        }
        if (validCount < 50) {
            return Double.NaN;
        }
        double[] s = new double[validCount];
        int k = 0;
        for (double x : score) {
            if (Double.isFinite(x)) {
                s[k++] = x;
            }
        }
        Arrays.sort(s);
        double med = medianOfSorted(s, s.length);
        double[] dev = new double[s.length];
        for (int i = 0; i < s.length; i++) {
            dev[i] = Math.abs(s[i] - med);
        }
        Arrays.sort(dev);
        double mad = medianOfSorted(dev, dev.length);
        double robustSigma = mad > 0 ? 1.4826 * mad : 0.0;
        double thresh = Math.max(p.absScoreFloor(), p.madK() * robustSigma);
        if (!Double.isFinite(thresh) || thresh <= 0) {
            return Double.NaN;
        }
        int wSmooth = Math.max(3, pyRound(p.smoothSec() * fs)) | 1;
        double[] absMed = rollingNanMedian(abs, wSmooth);
        int maxGap = pyRound(p.dropMergeGapSec() * fs);
        double wholeMedian = nanMedian(abs, 0, n);
        int minBaseline = Math.max(10, wCmp / 5);

        List<VelocityEvent> found = new ArrayList<>();
        boolean[] dropMask = new boolean[n];
        boolean[] riseMask = new boolean[n];
        for (int i = 0; i < n; i++) {
            dropMask[i] = score[i] <= -thresh; // NaN compares false, as numpy's does
            riseMask[i] = score[i] >= thresh;
        }
        for (int[] run : mergeRuns(groupRuns(dropMask), maxGap)) {
            int peak = argExtreme(score, run[0], run[1], true);
            double before = baseline(abs, peak, wCmp, minBaseline, true, wholeMedian);
            found.add(drop(t, score, medL, medR, peak, onset(absMed, peak, 0.5 * before, true), thresh));
        }
        for (int[] run : mergeRuns(groupRuns(riseMask), maxGap)) {
            int peak = argExtreme(score, run[0], run[1], false);
            double after = baseline(abs, peak, wCmp, minBaseline, false, wholeMedian);
            int start = onset(absMed, peak, 0.5 * after, false);
            found.add(new VelocityEvent("baseline_rise", start, t[start], peak, t[peak], null, null, score[peak],
                    finiteOrNull(medL[peak]), finiteOrNull(medR[peak]), Double.isFinite(score[peak]) ? score[peak] / thresh : null,
                    null, null, null, "other"));
        }
        if (p.topKTotal() > 0) {
            long drops = found.stream().filter(e -> e.eventType().equals("baseline_drop")).count();
            if (drops < p.topKTotal()) {
                Set<Integer> chosen = new HashSet<>();
                found.forEach(e -> chosen.add(e.iPeak()));
                for (int peak : topKMinima(score, t, fs, p.topKTotal(), p.minSepSec())) {
                    if (!chosen.contains(peak)) {
                        double before = baseline(abs, peak, wCmp, minBaseline, true, wholeMedian);
                        found.add(drop(t, score, medL, medR, peak, onset(absMed, peak, 0.5 * before, true), thresh));
                    }
                }
            }
        }
        found.sort(Comparator.comparingDouble(VelocityEvent::tStart)
                .thenComparingDouble(e -> e.tPeak() != null ? e.tPeak() : e.tStart()));
        events.addAll(found);
        return thresh;
    }

    private static VelocityEvent drop(double[] t, double[] score, double[] medL, double[] medR, int peak, int start, double thresh) {
        return new VelocityEvent("baseline_drop", start, t[start], peak, t[peak], null, null, score[peak],
                finiteOrNull(medL[peak]), finiteOrNull(medR[peak]), Double.isFinite(score[peak]) ? -score[peak] / thresh : null,
                null, null, null, "stall_candidate");
    }

    private static Double finiteOrNull(double x) {
        return Double.isFinite(x) ? x : null;
    }

    /** The first index of the minimum (or maximum) finite value in [from, to], as nanargmin/nanargmax. */
    private static int argExtreme(double[] x, int from, int to, boolean min) {
        int best = -1;
        for (int i = from; i <= to; i++) {
            if (!Double.isNaN(x[i]) && (best < 0 || (min ? x[i] < x[best] : x[i] > x[best]))) {
                best = i;
            }
        }
        return best;
    }

    /** The median |v| left (before) or right (after) of the peak, or of the whole trace with too few values there. */
    private static double baseline(double[] abs, int peak, int wCmp, int minBaseline, boolean before, double wholeMedian) {
        int from = before ? Math.max(0, peak - wCmp) : peak;
        int to = before ? peak : Math.min(abs.length, peak + wCmp);
        int finite = 0;
        for (int i = from; i < to; i++) {
            finite += Double.isNaN(abs[i]) ? 0 : 1;
        }
        return finite >= minBaseline ? nanMedian(abs, from, to) : wholeMedian;
    }

    /** Walks left from the peak while the smoothed |v| is already low (drop) or high (rise). */
    private static int onset(double[] absMed, int peak, double level, boolean drop) {
        int start = peak;
        while (start > 0 && Double.isFinite(absMed[start - 1]) && (drop ? absMed[start - 1] <= level : absMed[start - 1] >= level)) {
            start--;
        }
        return start;
    }

    /** Up to k indices of the most negative scores, time-separated, in time order. */
    private static List<Integer> topKMinima(double[] score, double[] t, double fs, int k, double minSepSec) {
        int count = 0;
        for (double s : score) {
            count += Double.isFinite(s) ? 1 : 0;
        }
        int[] validIdx = new int[count];
        double[] validScore = new double[count];
        int k2 = 0;
        for (int i = 0; i < score.length; i++) {
            if (Double.isFinite(score[i])) {
                validIdx[k2] = i;
                validScore[k2++] = score[i];
            }
        }
        List<Integer> valid = new ArrayList<>(count);
        for (int o : NumpyArgsort.argsort(validScore)) { // numpy's order for tied scores, not a stable one
            valid.add(validIdx[o]);
        }
        int minSep = Math.max(1, pyRound(minSepSec * fs));
        List<Integer> picked = new ArrayList<>();
        boolean[] occupied = new boolean[score.length];
        for (int i : valid) {
            if (picked.size() >= k) {
                break;
            }
            int lo = Math.max(0, i - minSep);
            int hi = Math.min(score.length, i + minSep + 1);
            boolean taken = false;
            for (int j = lo; j < hi && !taken; j++) {
                taken = occupied[j];
            }
            if (taken) {
                continue;
            }
            picked.add(i);
            Arrays.fill(occupied, lo, hi, true);
        }
        picked.sort(Comparator.comparingDouble(i -> t[i]));
        return picked;
    }

    /** NaN gaps (nan=true) or zero gaps: local fraction, hysteresis, merged runs, minimum duration. */
    private static void gaps(double[] t, double[] v, double fs, boolean[] mark, double winSec, double enter, double exit,
                             double minDuration, double mergeGapSec, boolean nan, List<VelocityEvent> out) {
        int n = v.length;
        int w = Math.max(3, pyRound(winSec * fs)) | 1;
        int half = w / 2;
        int[] prefix = new int[n + 1];
        for (int i = 0; i < n; i++) {
            prefix[i + 1] = prefix[i] + (mark[i] ? 1 : 0);
        }
        boolean[] inGap = new boolean[n];
        boolean state = false;
        for (int i = 0; i < n; i++) {
            int a = Math.max(0, i - half);
            int b = Math.min(n, i + half + 1);
            double frac = (double) (prefix[b] - prefix[a]) / (b - a);
            if (!state && frac >= enter) {
                state = true;
            } else if (state && frac <= exit) {
                state = false;
            }
            inGap[i] = state;
        }
        for (int[] run : mergeRuns(groupRuns(inGap), Math.max(0, pyRound(mergeGapSec * fs)))) {
            int s = run[0];
            int e = run[1];
            double dur = t[e] - t[s];
            if (dur < minDuration) {
                continue;
            }
            int size = e - s + 1;
            int valid = 0;
            for (int i = s; i <= e; i++) {
                valid += Double.isFinite(v[i]) ? 1 : 0;
            }
            if (nan) {
                double nanf = 1.0 - (double) valid / size;
                out.add(new VelocityEvent("nan_gap", s, t[s], null, null, e, t[e], null, null, null,
                        Double.isFinite(nanf) && Double.isFinite(dur) ? nanf * dur : null, nanf, valid, dur, "nan_gap"));
            } else {
                double zeroF = (double) (prefix[e + 1] - prefix[s]) / size;
                out.add(new VelocityEvent("zero_gap", s, t[s], null, null, e, t[e], null, null, null,
                        Double.isFinite(zeroF) && Double.isFinite(dur) ? zeroF * dur : null, null, valid, dur, "other"));
            }
        }
    }

    /** Inclusive [start, end] runs where the mask is true. */
    static List<int[]> groupRuns(boolean[] mask) {
        List<int[]> runs = new ArrayList<>();
        int start = -1;
        for (int i = 0; i < mask.length; i++) {
            if (mask[i] && start < 0) {
                start = i;
            } else if (!mask[i] && start >= 0) {
                runs.add(new int[] {start, i - 1});
                start = -1;
            }
        }
        if (start >= 0) {
            runs.add(new int[] {start, mask.length - 1});
        }
        return runs;
    }

    /** Merges runs separated by at most maxGap samples. */
    static List<int[]> mergeRuns(List<int[]> runs, int maxGap) {
        List<int[]> merged = new ArrayList<>();
        for (int[] run : runs) {
            int[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && run[0] - last[1] - 1 <= maxGap) {
                last[1] = Math.max(last[1], run[1]);
            } else {
                merged.add(run.clone());
            }
        }
        return merged;
    }

    /** The median of the finite values of x[from, to), NaN when there are none. */
    private static double nanMedian(double[] x, int from, int to) {
        double[] finite = new double[to - from];
        int n = 0;
        for (int i = from; i < to; i++) {
            if (!Double.isNaN(x[i])) {
                finite[n++] = x[i];
            }
        }
        if (n == 0) {
            return Double.NaN;
        }
        Arrays.sort(finite, 0, n);
        return medianOfSorted(finite, n);
    }

    /** Centered moving nan-median over an odd window, clipped at the ends (Python's rolling_nanmedian). */
    private static double[] rollingNanMedian(double[] x, int w) {
        int n = x.length;
        int half = w / 2;
        double[] out = new double[n];
        SortedWindow window = new SortedWindow(w);
        for (int j = 0; j < Math.min(n, half + 1); j++) {
            window.add(x[j]);
        }
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                if (i + half < n) {
                    window.add(x[i + half]);
                }
                if (i - half - 1 >= 0) {
                    window.remove(x[i - half - 1]);
                }
            }
            out[i] = window.size() == 0 ? Double.NaN : window.median();
        }
        return out;
    }

    /** The non-NaN values of a moving window, kept sorted. */
    private static final class SortedWindow {
        private double[] values;
        private int size;

        SortedWindow(int capacity) {
            values = new double[Math.max(1, capacity + 1)];
        }

        int size() {
            return size;
        }

        void add(double x) {
            if (Double.isNaN(x)) {
                return;
            }
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            int at = Arrays.binarySearch(values, 0, size, x);
            if (at < 0) {
                at = -at - 1;
            }
            System.arraycopy(values, at, values, at + 1, size - at);
            values[at] = x;
            size++;
        }

        void remove(double x) {
            if (Double.isNaN(x)) {
                return;
            }
            int at = Arrays.binarySearch(values, 0, size, x);
            if (at < 0) {
                throw new IllegalStateException("value " + x + " is not in the window"); // a bookkeeping bug, never data
            }
            System.arraycopy(values, at + 1, values, at, size - at - 1);
            size--;
        }

        double median() {
            return medianOfSorted(values, size);
        }
    }
}
