package org.example.kymflow;

import java.util.LinkedHashMap;
import java.util.Map;
import org.kymflow.api.BaseIndexer;
import org.kymflow.api.IndexerProvider;
import org.kymflow.api.Params;

/**
 * Provides the {@code profile} indexer: the mean intensity along space of each ROI, one row per ROI
 * column. An example of a complete third-party KymFlow plugin.
 */
public final class ProfileProvider implements IndexerProvider {
    /** The indexer name; its table is {@code kym_profile}. */
    public static final String NAME = "profile";

    /** Needed by ServiceLoader. */
    public ProfileProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Mean intensity along space (one row per ROI column), e.g. to find the vessel walls";
    }

    @Override
    public Map<String, Object> defaultParams() {
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("subtract_min", false);
        return defaults;
    }

    @Override
    public BaseIndexer create(Map<String, Object> params) {
        Params p = Params.resolve(NAME, defaultParams(), params);
        return new ProfileIndexer(p.getBoolean("subtract_min"));
    }
}
