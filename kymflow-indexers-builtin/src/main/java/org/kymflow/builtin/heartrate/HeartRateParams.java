package org.kymflow.builtin.heartrate;

import java.util.LinkedHashMap;
import java.util.Map;
import org.kymflow.api.Params;

/**
 * The heart-rate analysis's parameters, with the defaults of the Python {@code HRAnalysisConfig} (its names;
 * the band is two keys) and the agreement tolerance of its summary.
 *
 * @param bpmLo lower end of the heart-rate band, beats per minute
 * @param bpmHi upper end
 * @param useAbs analyse |velocity| (the flow's speed), not its sign
 * @param outlierKMad values beyond the median +- this many robust sigmas are clipped
 * @param lombNFreq frequencies of the Lomb-Scargle grid over the band
 * @param interpMaxGapSec NaN gaps up to this long are interpolated for Welch, s
 * @param bandpassOrder order of Welch's Butterworth band-pass
 * @param npersegSec Welch segment length, s
 * @param edgeMarginHz a peak this close to a band edge is flagged; -1 for Python's default max(0.2, 5% of the band)
 * @param peakHalfWidthHz half width around the peak for the band concentration, Hz
 * @param agreeTolBpm the two methods agree when their bpm differ by at most this
 */
public record HeartRateParams(double bpmLo, double bpmHi, boolean useAbs, double outlierKMad, int lombNFreq, double interpMaxGapSec,
                              int bandpassOrder, double npersegSec, double edgeMarginHz, double peakHalfWidthHz, double agreeTolBpm) {
    /** The indexer's name, which owns these params. */
    static final String OWNER = "heart_rate";

    /**
     * Checks the ranges.
     *
     * @param bpmLo see the record
     * @param bpmHi see the record
     * @param useAbs see the record
     * @param outlierKMad see the record
     * @param lombNFreq see the record
     * @param interpMaxGapSec see the record
     * @param bandpassOrder see the record
     * @param npersegSec see the record
     * @param edgeMarginHz see the record
     * @param peakHalfWidthHz see the record
     * @param agreeTolBpm see the record
     */
    public HeartRateParams {
        require(bpmLo > 0 && bpmHi > bpmLo, "'bpm_band_lo' and 'bpm_band_hi' must satisfy 0 < lo < hi, were " + bpmLo + " and " + bpmHi);
        require(outlierKMad > 0, "'outlier_k_mad' must be positive, was " + outlierKMad);
        require(lombNFreq >= 2, "'lomb_n_freq' must be at least 2, was " + lombNFreq);
        require(interpMaxGapSec >= 0, "'interp_max_gap_sec' must not be negative, was " + interpMaxGapSec);
        require(bandpassOrder >= 1 && bandpassOrder <= 10, "'bandpass_order' must be from 1 to 10, was " + bandpassOrder);
        require(npersegSec > 0, "'nperseg_sec' must be positive, was " + npersegSec);
        require(edgeMarginHz == -1 || edgeMarginHz >= 0, "'edge_margin_hz' must be -1 (automatic) or not negative, was " + edgeMarginHz);
        require(peakHalfWidthHz >= 0, "'peak_half_width_hz' must not be negative, was " + peakHalfWidthHz);
        require(agreeTolBpm >= 0, "'agree_tol_bpm' must not be negative, was " + agreeTolBpm);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(OWNER + ": param " + message);
        }
    }

    /** @return every key with its default, as the Python pipeline runs */
    public static Map<String, Object> defaults() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bpm_band_lo", 240.0);
        m.put("bpm_band_hi", 600.0);
        m.put("use_abs", true);
        m.put("outlier_k_mad", 4.0);
        m.put("lomb_n_freq", 512);
        m.put("interp_max_gap_sec", 0.05);
        m.put("bandpass_order", 3);
        m.put("nperseg_sec", 2.0);
        m.put("edge_margin_hz", -1.0);
        m.put("peak_half_width_hz", 0.5);
        m.put("agree_tol_bpm", 30.0);
        return m;
    }

    /**
     * @param withLomb whether to describe the Lomb-Scargle grid and the agreement tolerance (the series has neither)
     * @return the params described for editors and help, in {@link #defaults()}'s order
     */
    static java.util.List<org.kymflow.api.ParamSpec> describe(boolean withLomb) {
        java.util.List<org.kymflow.api.ParamSpec> out = new java.util.ArrayList<>();
        out.add(org.kymflow.api.ParamSpec.number("bpm_band_lo", 240.0, 0.0, null, "lower end of the heart-rate band, beats per minute"));
        out.add(org.kymflow.api.ParamSpec.number("bpm_band_hi", 600.0, 0.0, null, "upper end of the band, beats per minute"));
        out.add(org.kymflow.api.ParamSpec.bool("use_abs", true, "analyse the speed |velocity|, not the signed velocity"));
        out.add(org.kymflow.api.ParamSpec.number("outlier_k_mad", 4.0, 0.0, null, "clip values beyond the median +- this many robust sigmas"));
        if (withLomb) {
            out.add(org.kymflow.api.ParamSpec.integer("lomb_n_freq", 512, 2, null, "frequencies of the Lomb-Scargle grid across the band"));
        }
        out.add(org.kymflow.api.ParamSpec.number("interp_max_gap_sec", 0.05, 0.0, null, "NaN gaps up to this long are interpolated for Welch, s"));
        out.add(org.kymflow.api.ParamSpec.integer("bandpass_order", 3, 1, 10, "order of Welch's Butterworth band-pass"));
        out.add(org.kymflow.api.ParamSpec.number("nperseg_sec", 2.0, 0.0, null, "Welch segment length, s (its bins are 1/this apart)"));
        out.add(org.kymflow.api.ParamSpec.number("edge_margin_hz", -1.0, -1.0, null,
                "peaks this close to a band edge are flagged, Hz; -1: max(0.2, 5% of the band)"));
        out.add(org.kymflow.api.ParamSpec.number("peak_half_width_hz", 0.5, 0.0, null, "half width around the peak for the band concentration, Hz"));
        if (withLomb) {
            out.add(org.kymflow.api.ParamSpec.number("agree_tol_bpm", 30.0, 0.0, null, "the two methods agree within this many bpm"));
        }
        return out;
    }

    /** @return the defaults */
    public static HeartRateParams ofDefaults() {
        return from(Params.resolve(OWNER, defaults(), Map.of()));
    }

    /**
     * @param p resolved params with the keys of {@link #defaults()}
     * @return the checked record
     */
    public static HeartRateParams from(Params p) {
        return new HeartRateParams(p.getDouble("bpm_band_lo"), p.getDouble("bpm_band_hi"), p.getBoolean("use_abs"),
                p.getDouble("outlier_k_mad"), p.getInt("lomb_n_freq"), p.getDouble("interp_max_gap_sec"), p.getInt("bandpass_order"),
                p.getDouble("nperseg_sec"), p.getDouble("edge_margin_hz"), p.getDouble("peak_half_width_hz"), p.getDouble("agree_tol_bpm"));
    }

    /** @return the band in Hz */
    double loHz() {
        return bpmLo / 60.0;
    }

    /** @return the band's upper end in Hz */
    double hiHz() {
        return bpmHi / 60.0;
    }

    /** @return the edge margin in Hz: the given one, or Python's default */
    double effectiveEdgeMarginHz() {
        return edgeMarginHz < 0 ? Math.max(0.2, 0.05 * (hiHz() - loHz())) : Math.max(0.0, edgeMarginHz);
    }
}
