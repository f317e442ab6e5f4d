package org.kymflow.builtin.radon;

import java.util.Map;
import org.kymflow.api.BaseIndexer;
import org.kymflow.api.IndexerProvider;

/** Provides the built-in {@code radon} flow-velocity indexer. */
public final class RadonProvider implements IndexerProvider {
    /** Needed by ServiceLoader. */
    public RadonProvider() {
    }

    @Override
    public String name() {
        return RadonIndexer.NAME;
    }

    @Override
    public String description() {
        return "Blood-flow velocity per ROI window by the sliding-window Radon transform (Drew et al. 2010)";
    }

    @Override
    public Map<String, Object> defaultParams() {
        return RadonParams.defaults();
    }

    @Override
    public BaseIndexer create(Map<String, Object> params) {
        // windows of one image are spread over the common pool: a dataset of a few long kymographs
        // then uses every core; results do not depend on it (each window is computed alone)
        return new RadonIndexer(RadonParams.from(params), true);
    }
}
