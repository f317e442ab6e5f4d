package org.kymflow.builtin;

import java.util.List;
import java.util.Optional;
import org.kymflow.api.ImageRecordView;
import org.kymflow.api.IndexerProvider;
import org.kymflow.api.testing.IndexerContract;
import org.kymflow.builtin.summary.VelocitySummaryIndexer;

/** velocity_summary, a derived indexer of two inputs, keeps the contract every plugin keeps. */
class TestVelocitySummaryContract extends IndexerContract {
    @Override
    protected IndexerProvider provider() {
        return new VelocitySummaryIndexer();
    }

    @Override
    protected List<ImageRecordView> images() {
        return DerivedContractSamples.withRadonAndEvents();
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
