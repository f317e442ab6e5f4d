package org.kymflow.builtin.diameter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kymflow.api.ParamSpec;
import org.kymflow.api.Params;

/**
 * The diameter analysis's parameters: the Python {@code DiameterDetectionParams} and {@code PostFilterParams}
 * with their defaults and names (the post-filter's prefixed {@code post_filter_}), except the method, whose
 * default is our sub-pixel fit.
 *
 * @param windowRowsOdd lines averaged into each profile, odd, centred on the line measured
 * @param stride measure every this many lines
 * @param binningMethod {@code mean} or {@code median} across the window's lines
 * @param polarity {@code bright_on_dark} (a bright lumen) or {@code dark_on_bright}
 * @param method {@code sigmoid_fit}, {@code threshold_width} or {@code gradient_edges}
 * @param thresholdMode {@code half_max} or {@code absolute} (threshold_width)
 * @param thresholdValue the absolute threshold (threshold_width with {@code absolute})
 * @param gradientSigma Gaussian smoothing before the derivative, pixels (gradient_edges, and sigmoid_fit's start)
 * @param gradientMinEdgeStrength derivative below which an edge is flagged weak, intensity per pixel
 * @param maxEdgeShiftOn whether gradient_edges drops a line whose edge moved more than {@code maxEdgeShiftUm}
 * @param maxDiameterChangeOn whether it drops a line whose diameter changed more than {@code maxDiameterChangeUm}
 * @param maxCenterShiftOn whether it drops a line whose centre moved more than {@code maxCenterShiftUm}
 * @param maxEdgeShiftUm largest edge move from the line before, um
 * @param maxDiameterChangeUm largest diameter change from the line before, um
 * @param maxCenterShiftUm largest centre move from the line before, um
 * @param postFilter {@code none}, {@code median} or {@code hampel}: smooths {@code diameter_px_filt}
 * @param postFilterKernelSize the post-filter's window, odd, at least 3
 * @param hampelNSigma the Hampel filter replaces values beyond this many robust sigmas
 */
public record DiameterParams(int windowRowsOdd, int stride, String binningMethod, String polarity, String method, String thresholdMode,
                             double thresholdValue, double gradientSigma, double gradientMinEdgeStrength, boolean maxEdgeShiftOn,
                             boolean maxDiameterChangeOn, boolean maxCenterShiftOn, double maxEdgeShiftUm, double maxDiameterChangeUm,
                             double maxCenterShiftUm, String postFilter, int postFilterKernelSize, double hampelNSigma) {
    /** The indexer's name, which owns these params. */
    static final String OWNER = "diameter";
    /** Our sub-pixel method, the default. */
    public static final String SIGMOID_FIT = "sigmoid_fit";
    /** The Python method: half-maximum crossings, whole pixels. */
    public static final String THRESHOLD_WIDTH = "threshold_width";
    /** The Python method: extremes of the smoothed derivative, whole pixels. */
    public static final String GRADIENT_EDGES = "gradient_edges";
    static final List<String> METHODS = List.of(SIGMOID_FIT, THRESHOLD_WIDTH, GRADIENT_EDGES);
    static final List<String> POLARITIES = List.of("bright_on_dark", "dark_on_bright");
    static final List<String> BINNINGS = List.of("mean", "median");
    static final List<String> THRESHOLD_MODES = List.of("half_max", "absolute");
    static final List<String> POST_FILTERS = List.of("none", "median", "hampel");

    /**
     * Checks the values.
     *
     * @param windowRowsOdd see the record
     * @param stride see the record
     * @param binningMethod see the record
     * @param polarity see the record
     * @param method see the record
     * @param thresholdMode see the record
     * @param thresholdValue see the record
     * @param gradientSigma see the record
     * @param gradientMinEdgeStrength see the record
     * @param maxEdgeShiftOn see the record
     * @param maxDiameterChangeOn see the record
     * @param maxCenterShiftOn see the record
     * @param maxEdgeShiftUm see the record
     * @param maxDiameterChangeUm see the record
     * @param maxCenterShiftUm see the record
     * @param postFilter see the record
     * @param postFilterKernelSize see the record
     * @param hampelNSigma see the record
     */
    public DiameterParams {
        require(windowRowsOdd >= 1 && windowRowsOdd % 2 == 1, "'window_rows_odd' must be odd and at least 1, was " + windowRowsOdd);
        require(stride >= 1, "'stride' must be at least 1, was " + stride);
        oneOf("binning_method", binningMethod, BINNINGS);
        oneOf("polarity", polarity, POLARITIES);
        oneOf("method", method, METHODS);
        oneOf("threshold_mode", thresholdMode, THRESHOLD_MODES);
        require(Double.isFinite(thresholdValue), "'threshold_value' must be a number, was " + thresholdValue);
        require(gradientSigma >= 0, "'gradient_sigma' must not be negative, was " + gradientSigma);
        require(gradientMinEdgeStrength >= 0, "'gradient_min_edge_strength' must not be negative, was " + gradientMinEdgeStrength);
        require(maxEdgeShiftUm >= 0 && maxDiameterChangeUm >= 0 && maxCenterShiftUm >= 0,
                "'max_edge_shift_um', 'max_diameter_change_um' and 'max_center_shift_um' must not be negative");
        oneOf("post_filter", postFilter, POST_FILTERS);
        require(postFilterKernelSize >= 3 && postFilterKernelSize % 2 == 1,
                "'post_filter_kernel_size' must be odd and at least 3, was " + postFilterKernelSize);
        require(hampelNSigma > 0, "'hampel_n_sigma' must be positive, was " + hampelNSigma);
    }

    private static void oneOf(String key, String value, List<String> allowed) {
        require(allowed.contains(value), "'" + key + "' must be one of " + allowed + ", was '" + value + "'");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(OWNER + ": param " + message);
        }
    }

    /** @return every key with its default: Python's, but for the method */
    public static Map<String, Object> defaults() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (ParamSpec spec : describe()) {
            m.put(spec.name(), spec.defaultValue());
        }
        return m;
    }

    /** @return the params described for editors and help, in {@link #defaults()}'s order */
    static List<ParamSpec> describe() {
        List<ParamSpec> out = new ArrayList<>();
        out.add(ParamSpec.choice("method", SIGMOID_FIT, METHODS,
                "sigmoid_fit: sub-pixel edges from a fit of the lumen's profile; threshold_width, gradient_edges: Python's, whole pixels"));
        out.add(ParamSpec.integer("window_rows_odd", 5, 1, null, "lines averaged into each profile (odd), centred on the line measured"));
        out.add(ParamSpec.integer("stride", 1, 1, null, "measure every this many lines"));
        out.add(ParamSpec.choice("binning_method", "mean", BINNINGS, "how the window's lines are combined"));
        out.add(ParamSpec.choice("polarity", "bright_on_dark", POLARITIES, "bright_on_dark: a bright lumen between dark walls"));
        out.add(ParamSpec.choice("threshold_mode", "half_max", THRESHOLD_MODES,
                "threshold_width: half way between the 10th and 90th percentile, or threshold_value"));
        out.add(ParamSpec.number("threshold_value", 0.0, null, null, "threshold_width's threshold when threshold_mode is absolute"));
        out.add(ParamSpec.number("gradient_sigma", 1.5, 0.0, null, "Gaussian smoothing before the derivative, pixels"));
        out.add(ParamSpec.number("gradient_min_edge_strength", 0.02, 0.0, null, "edges with a smaller derivative are flagged weak"));
        out.add(ParamSpec.bool("max_edge_shift_um_on", true, "gradient_edges: drop a line whose edge moved more than max_edge_shift_um"));
        out.add(ParamSpec.bool("max_diameter_change_um_on", true,
                "gradient_edges: drop a line whose diameter changed more than max_diameter_change_um"));
        out.add(ParamSpec.bool("max_center_shift_um_on", true, "gradient_edges: drop a line whose centre moved more than max_center_shift_um"));
        out.add(ParamSpec.number("max_edge_shift_um", 2.0, 0.0, null, "largest edge move from the line before, um"));
        out.add(ParamSpec.number("max_diameter_change_um", 2.0, 0.0, null, "largest diameter change from the line before, um"));
        out.add(ParamSpec.number("max_center_shift_um", 2.0, 0.0, null, "largest centre move from the line before, um"));
        out.add(ParamSpec.choice("post_filter", "none", POST_FILTERS, "smoothing of diameter_px_filt over lines (diameter_px is never changed)"));
        out.add(ParamSpec.integer("post_filter_kernel_size", 3, 3, null, "the post-filter's window in measured lines (odd)"));
        out.add(ParamSpec.number("hampel_n_sigma", 3.0, 0.0, null, "hampel replaces values beyond this many robust sigmas"));
        return out;
    }

    /** @return the defaults */
    public static DiameterParams ofDefaults() {
        return from(Params.resolve(OWNER, defaults(), Map.of()));
    }

    /**
     * @param method a method
     * @return the defaults with that method
     */
    public static DiameterParams ofMethod(String method) {
        return from(Params.resolve(OWNER, defaults(), Map.of("method", method)));
    }

    /**
     * @param p resolved params with the keys of {@link #defaults()}
     * @return the checked record
     */
    public static DiameterParams from(Params p) {
        return new DiameterParams(p.getInt("window_rows_odd"), p.getInt("stride"), p.getString("binning_method"), p.getString("polarity"),
                p.getString("method"), p.getString("threshold_mode"), p.getDouble("threshold_value"), p.getDouble("gradient_sigma"),
                p.getDouble("gradient_min_edge_strength"), p.getBoolean("max_edge_shift_um_on"), p.getBoolean("max_diameter_change_um_on"),
                p.getBoolean("max_center_shift_um_on"), p.getDouble("max_edge_shift_um"), p.getDouble("max_diameter_change_um"),
                p.getDouble("max_center_shift_um"), p.getString("post_filter"), p.getInt("post_filter_kernel_size"),
                p.getDouble("hampel_n_sigma"));
    }

    /** @return whether gradient_edges's motion gates apply: that method, with at least one gate on */
    boolean motionGates() {
        return GRADIENT_EDGES.equals(method) && (maxEdgeShiftOn || maxDiameterChangeOn || maxCenterShiftOn);
    }
}
