package org.kymflow.builtin.events;

import java.util.LinkedHashMap;
import java.util.Map;
import org.kymflow.api.ParamSpec;
import org.kymflow.api.Params;

/**
 * The detector's parameters with the defaults the Python {@code detect_events} uses (its parameter
 * dataclasses at the reference commit), as flat keys {@code baseline_drop.*}, {@code nan_gap.*},
 * {@code zero_gap.*}. {@code baseline_drop.min_valid_per_side} -1 means Python's None: max(10, w_cmp // 5).
 *
 * @param winCmpSec baseline-drop comparison window, seconds
 * @param smoothSec rolling-median window for onsets, seconds
 * @param minValidPerSide valid samples each side needs, or -1 for the default rule
 * @param madK threshold in robust sigmas
 * @param absScoreFloor the threshold's floor, velocity units
 * @param dropMergeGapSec runs closer than this merge, seconds
 * @param topKTotal drops the fallback guarantees (0: off)
 * @param minSepSec separation of fallback peaks, seconds
 * @param nanWinSec NaN-fraction window, seconds
 * @param nanEnterFrac NaN fraction that opens a gap
 * @param nanExitFrac NaN fraction that closes it
 * @param nanMinDurationSec shortest NaN gap kept, seconds
 * @param nanMergeGapSec NaN gaps closer than this merge, seconds
 * @param eps0 |v| at or below this is zero-like (0: exactly zero)
 * @param zeroWinSec zero-fraction window, seconds
 * @param zeroEnterFrac zero fraction that opens a gap
 * @param zeroExitFrac zero fraction that closes it
 * @param zeroMinDurationSec shortest zero gap kept, seconds
 * @param zeroMergeGapSec zero gaps closer than this merge, seconds
 */
public record EventParams(double winCmpSec, double smoothSec, int minValidPerSide, double madK, double absScoreFloor,
                          double dropMergeGapSec, int topKTotal, double minSepSec, double nanWinSec, double nanEnterFrac,
                          double nanExitFrac, double nanMinDurationSec, double nanMergeGapSec, double eps0, double zeroWinSec,
                          double zeroEnterFrac, double zeroExitFrac, double zeroMinDurationSec, double zeroMergeGapSec) {
    /** @return every key with its default, in the Python dataclasses' order */
    public static Map<String, Object> defaults() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("baseline_drop.win_cmp_sec", 0.25);
        m.put("baseline_drop.smooth_sec", 0.1);
        m.put("baseline_drop.min_valid_per_side", -1);
        m.put("baseline_drop.mad_k", 3.0);
        m.put("baseline_drop.abs_score_floor", 0.25);
        m.put("baseline_drop.merge_gap_sec", 0.10);
        m.put("baseline_drop.top_k_total", 2);
        m.put("baseline_drop.min_sep_sec", 0.75);
        m.put("nan_gap.nan_win_sec", 0.10);
        m.put("nan_gap.enter_frac", 0.40);
        m.put("nan_gap.exit_frac", 0.20);
        m.put("nan_gap.min_duration_sec", 0.2);
        m.put("nan_gap.merge_gap_sec", 0.05);
        m.put("zero_gap.eps0", 0.0);
        m.put("zero_gap.zero_win_sec", 0.10);
        m.put("zero_gap.enter_frac", 0.40);
        m.put("zero_gap.exit_frac", 0.20);
        m.put("zero_gap.min_duration_sec", 0.2);
        m.put("zero_gap.merge_gap_sec", 0.05);
        return m;
    }

    /** @return the params described for editors and help, in {@link #defaults()}'s order */
    static java.util.List<ParamSpec> describe() {
        return java.util.List.of(
                ParamSpec.number("baseline_drop.win_cmp_sec", 0.25, 0.0, null, "baseline drops: comparison window before and after, s"),
                ParamSpec.number("baseline_drop.smooth_sec", 0.1, 0.0, null, "baseline drops: rolling-median window for onsets, s"),
                ParamSpec.integer("baseline_drop.min_valid_per_side", -1, -1, null, "valid windows each side needs; -1: max(10, w_cmp / 5)"),
                ParamSpec.number("baseline_drop.mad_k", 3.0, 0.0, null, "baseline drops: threshold in robust sigmas"),
                ParamSpec.number("baseline_drop.abs_score_floor", 0.25, 0.0, null, "baseline drops: the threshold's floor, velocity units"),
                ParamSpec.number("baseline_drop.merge_gap_sec", 0.10, 0.0, null, "baseline drops closer than this merge, s"),
                ParamSpec.integer("baseline_drop.top_k_total", 2, 0, null, "drops the fallback guarantees (0: off)"),
                ParamSpec.number("baseline_drop.min_sep_sec", 0.75, 0.0, null, "separation of the fallback's peaks, s"),
                ParamSpec.number("nan_gap.nan_win_sec", 0.10, 0.0, null, "NaN gaps: window of the NaN fraction, s"),
                ParamSpec.number("nan_gap.enter_frac", 0.40, 0.0, 1.0, "NaN fraction that opens a gap"),
                ParamSpec.number("nan_gap.exit_frac", 0.20, 0.0, 1.0, "NaN fraction that closes it"),
                ParamSpec.number("nan_gap.min_duration_sec", 0.2, 0.0, null, "shortest NaN gap kept, s"),
                ParamSpec.number("nan_gap.merge_gap_sec", 0.05, 0.0, null, "NaN gaps closer than this merge, s"),
                ParamSpec.number("zero_gap.eps0", 0.0, 0.0, null, "|velocity| at or below this counts as zero (0: exactly zero)"),
                ParamSpec.number("zero_gap.zero_win_sec", 0.10, 0.0, null, "zero gaps: window of the zero fraction, s"),
                ParamSpec.number("zero_gap.enter_frac", 0.40, 0.0, 1.0, "zero fraction that opens a gap"),
                ParamSpec.number("zero_gap.exit_frac", 0.20, 0.0, 1.0, "zero fraction that closes it"),
                ParamSpec.number("zero_gap.min_duration_sec", 0.2, 0.0, null, "shortest zero gap kept, s"),
                ParamSpec.number("zero_gap.merge_gap_sec", 0.05, 0.0, null, "zero gaps closer than this merge, s"));
    }

    /** @return the defaults */
    public static EventParams ofDefaults() {
        return from(Params.resolve("velocity_events", defaults(), Map.of()));
    }

    /**
     * @param p resolved params with the keys of {@link #defaults()}
     * @return the record
     */
    public static EventParams from(Params p) {
        return new EventParams(p.getDouble("baseline_drop.win_cmp_sec"), p.getDouble("baseline_drop.smooth_sec"),
                p.getInt("baseline_drop.min_valid_per_side"), p.getDouble("baseline_drop.mad_k"),
                p.getDouble("baseline_drop.abs_score_floor"), p.getDouble("baseline_drop.merge_gap_sec"),
                p.getInt("baseline_drop.top_k_total"), p.getDouble("baseline_drop.min_sep_sec"), p.getDouble("nan_gap.nan_win_sec"),
                p.getDouble("nan_gap.enter_frac"), p.getDouble("nan_gap.exit_frac"), p.getDouble("nan_gap.min_duration_sec"),
                p.getDouble("nan_gap.merge_gap_sec"), p.getDouble("zero_gap.eps0"), p.getDouble("zero_gap.zero_win_sec"),
                p.getDouble("zero_gap.enter_frac"), p.getDouble("zero_gap.exit_frac"), p.getDouble("zero_gap.min_duration_sec"),
                p.getDouble("zero_gap.merge_gap_sec"));
    }
}
