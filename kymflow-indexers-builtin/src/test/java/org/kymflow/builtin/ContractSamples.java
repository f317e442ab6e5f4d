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

/** Sample images for the built-ins' {@link IndexerContract} runs. */
final class ContractSamples {
    private ContractSamples() {
    }

    static List<ImageRecordView> images() {
        return List.of(TestRadonSynthetic.synthetic(0.8, 400, 24, List.of(new Roi(1, 1, 0, 2, 22, 0, 400)), 3),
                TestRadonSynthetic.synthetic(-1.1, 300, 24, List.of(new Roi(1, 1, 0, 0, 24, 0, 300),
                        new Roi(2, 1, 0, 4, 12, 40, 200)), 4));
    }

    static ImageRecordView withOtherRois(ImageRecordView image) {
        TestingRecordView t = (TestingRecordView) image;
        return new TestingRecordView(t.imageId(), t.pixels().toFloatArray(), t.shape()[0], t.shape()[1], t.metadata(),
                List.of(new Roi(5, 1, 0, 1, 9, 0, t.shape()[0])));
    }
}
