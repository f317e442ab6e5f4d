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

/** roi_stats keeps the contract every plugin keeps. */
class TestRoiStatsContract extends IndexerContract {
    @Override
    protected IndexerProvider provider() {
        return new RoiStatsIndexer();
    }

    @Override
    protected List<ImageRecordView> images() {
        return ContractSamples.images();
    }

    @Override
    protected Optional<ImageRecordView> zeroRowImage() {
        return Optional.empty(); // every image has statistics (the whole image when it has no ROI)
    }

    @Override
    protected ImageRecordView withOtherRois(ImageRecordView image) {
        return ContractSamples.withOtherRois(image);
    }
}
