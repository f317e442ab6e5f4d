package org.kymflow.builtin;

import java.util.List;
import org.kymflow.api.ImageRecordView;
import org.kymflow.api.IndexerProvider;
import org.kymflow.builtin.heartrate.HeartRateSegmentsIndexer;

/** heart_rate_segments, a derived indexer, keeps the contract every plugin keeps. */
class TestHeartRateSegmentsContract extends DerivedBuiltinContract {
    @Override
    protected IndexerProvider provider() {
        return new HeartRateSegmentsIndexer();
    }

    @Override
    protected List<ImageRecordView> images() {
        return DerivedContractSamples.withLongRadonAndAGap();
    }
}
