package org.kymflow.builtin;

import java.util.List;
import java.util.Optional;
import org.kymflow.api.ImageRecordView;
import org.kymflow.api.IndexerProvider;
import org.kymflow.api.Roi;
import org.kymflow.api.testing.IndexerContract;
import org.kymflow.api.testing.TestingRecordView;
import org.kymflow.builtin.radon.RadonProvider;
import org.kymflow.builtin.roistats.RoiStatsIndexer;

/** radon keeps the contract every plugin keeps. */
class TestRadonContract extends IndexerContract {
    @Override
    protected IndexerProvider provider() {
        return new RadonProvider();
    }

    @Override
    protected List<ImageRecordView> images() {
        return ContractSamples.images();
    }

    @Override
    protected Optional<ImageRecordView> zeroRowImage() {
        // an ROI shorter than four steps of a 16-line window has no window
        return Optional.of(TestRadonSynthetic.synthetic(1.0, 200, 24, List.of(new Roi(1, 1, 0, 0, 24, 0, 12)), 5));
    }

    @Override
    protected ImageRecordView withOtherRois(ImageRecordView image) {
        return ContractSamples.withOtherRois(image);
    }
}
