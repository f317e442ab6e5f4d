package org.kymflow.builtin;

import java.util.List;
import org.kymflow.api.ImageRecordView;
import org.kymflow.api.IndexerProvider;
import org.kymflow.builtin.heartrate.HeartRateIndexer;

/** heart_rate, a derived indexer, keeps the contract every plugin keeps. */
class TestHeartRateContract extends DerivedBuiltinContract {
    @Override
    protected IndexerProvider provider() {
        return new HeartRateIndexer();
    }

    @Override
    protected List<ImageRecordView> images() {
        return DerivedContractSamples.withRadonAndAGap();
    }
}
