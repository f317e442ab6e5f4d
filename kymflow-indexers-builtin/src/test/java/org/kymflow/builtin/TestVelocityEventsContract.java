package org.kymflow.builtin;

import java.util.List;
import java.util.Optional;
import org.kymflow.api.ImageRecordView;
import org.kymflow.api.IndexerProvider;
import org.kymflow.api.testing.IndexerContract;
import org.kymflow.builtin.events.VelocityEventsIndexer;

/** velocity_events, a derived indexer, keeps the contract every plugin keeps. */
class TestVelocityEventsContract extends IndexerContract {
    @Override
    protected IndexerProvider provider() {
        return new VelocityEventsIndexer();
    }

    @Override
    protected List<ImageRecordView> images() {
        return DerivedContractSamples.withRadonAndAGap();
    }

    @Override
    protected Optional<ImageRecordView> zeroRowImage() {
        return Optional.of(DerivedContractSamples.withoutWindows());
    }

    @Override
    protected ImageRecordView withOtherRois(ImageRecordView image) {
        return ContractSamples.withOtherRois(image); // unused: a derived indexer's hash does not follow ROIs
    }
}
