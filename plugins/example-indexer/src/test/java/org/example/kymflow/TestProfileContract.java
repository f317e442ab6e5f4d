package org.example.kymflow;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kymflow.api.ImageRecordView;
import org.kymflow.api.IndexerProvider;
import org.kymflow.api.Roi;
import org.kymflow.api.testing.IndexerContract;
import org.kymflow.api.testing.TestingRecordView;

/** The plugin keeps the contract the runtime relies on: the suite every indexer runs. */
class TestProfileContract extends IndexerContract {
    static TestingRecordView image(String id, int seed, List<Roi> rois) {
        float[] data = new float[60 * 8];
        for (int i = 0; i < data.length; i++) {
            data[i] = (i * 31 + seed * 7) % 97;
        }
        return new TestingRecordView(id, data, 60, 8, Map.of(), rois);
    }

    @Override
    protected IndexerProvider provider() {
        return new ProfileProvider();
    }

    @Override
    protected List<ImageRecordView> images() {
        return List.of(image("a", 1, List.of(new Roi(1, 1, 0, 0, 8, 0, 60))),
                image("b", 2, List.of(new Roi(1, 1, 0, 2, 6, 10, 50), new Roi(2, 1, 0, 0, 3, 0, 20))));
    }

    @Override
    protected Optional<ImageRecordView> zeroRowImage() {
        return Optional.of(image("outside", 3, List.of(new Roi(9, 1, 0, 100, 120, 0, 60)))); // an ROI off the image
    }

    @Override
    protected ImageRecordView withOtherRois(ImageRecordView image) {
        TestingRecordView t = (TestingRecordView) image;
        return new TestingRecordView(t.imageId(), t.pixels().toFloatArray(), 60, 8, Map.of(), List.of(new Roi(3, 1, 0, 1, 4, 0, 60)));
    }
}
