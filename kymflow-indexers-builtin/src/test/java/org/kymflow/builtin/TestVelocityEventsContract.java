package org.kymflow.builtin;

import java.util.List;
import org.kymflow.api.ImageRecordView;
import org.kymflow.api.IndexerProvider;
import org.kymflow.builtin.events.VelocityEventsIndexer;

/** velocity_events, a derived indexer, keeps the contract every plugin keeps. */
class TestVelocityEventsContract extends DerivedBuiltinContract {
    @Override
    protected IndexerProvider provider() {
        return new VelocityEventsIndexer();
    }

    @Override
    protected List<ImageRecordView> images() {
        return DerivedContractSamples.withRadonAndAGap();
    }
}
