package org.kymflow.builtin;

import java.util.List;
import org.kymflow.api.ImageRecordView;
import org.kymflow.api.IndexerProvider;
import org.kymflow.builtin.summary.VelocitySummaryIndexer;

/** velocity_summary, a derived indexer of two inputs, keeps the contract every plugin keeps. */
class TestVelocitySummaryContract extends DerivedBuiltinContract {
    @Override
    protected IndexerProvider provider() {
        return new VelocitySummaryIndexer();
    }

    @Override
    protected List<ImageRecordView> images() {
        return DerivedContractSamples.withRadonAndEvents();
    }
}
