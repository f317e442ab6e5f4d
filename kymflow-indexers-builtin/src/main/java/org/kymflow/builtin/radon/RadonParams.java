package org.kymflow.builtin.radon;

import java.util.LinkedHashMap;
import java.util.Map;
import org.kymflow.api.Params;

/**
 * The radon indexer's parameters.
 *
 * @param windowSize lines per window; a positive multiple of 4 (the step is a quarter window)
 * @param outlierStd the clean velocity drops values beyond mean +- this many standard deviations
 * @param refine refine each window's slope past the 0.25 degree grid ({@link SubGridVelocity}); false gives
 *     the Python kymflow's results
 */
public record RadonParams(int windowSize, double outlierStd, boolean refine) {
    /**
     * Checks the ranges.
     *
     * @param windowSize lines per window; a positive multiple of 4 (the step is a quarter window)
     * @param outlierStd the clean velocity drops values beyond mean +- this many standard deviations
     * @param refine see the record
     */
    public RadonParams {
        if (windowSize < 4 || windowSize % 4 != 0) {
            throw new IllegalArgumentException("radon: param 'window_size' must be a positive multiple of 4, was " + windowSize);
        }
        if (!(outlierStd > 0)) {
            throw new IllegalArgumentException("radon: param 'outlier_std' must be positive, was " + outlierStd);
        }
    }

    /**
     * The faithful method's params, as the Python kymflow runs it.
     *
     * @param windowSize lines per window; a positive multiple of 4 (the step is a quarter window)
     * @param outlierStd the clean velocity drops values beyond mean +- this many standard deviations
     */
    public RadonParams(int windowSize, double outlierStd) {
        this(windowSize, outlierStd, false);
    }

    /** @return the defaults, as the reference analysis ran: window 16, outliers beyond 2 std, on the grid */
    public static Map<String, Object> defaults() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("window_size", 16);
        m.put("outlier_std", 2.0);
        m.put("refine", false);
        return m;
    }

    /**
     * @param given param values by name
     * @return the checked params
     */
    public static RadonParams from(Map<String, Object> given) {
        Params p = Params.resolve("radon", defaults(), given);
        return new RadonParams(p.getInt("window_size"), p.getDouble("outlier_std"), p.getBoolean("refine"));
    }

    /**
     * @return the params as the map that is hashed; {@code refine} only when true, so the faithful method's
     *     hash stays the Python kymflow's and no existing result goes stale
     */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("window_size", windowSize);
        m.put("outlier_std", outlierStd);
        if (refine) {
            m.put("refine", true);
        }
        return m;
    }
}
