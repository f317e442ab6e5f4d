package org.kymflow.builtin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kymflow.api.ImageRecordView;
import org.kymflow.api.IndexerProvider;
import org.kymflow.api.Roi;
import org.kymflow.api.testing.IndexerContract;
import org.kymflow.api.testing.TestingRecordView;
import org.kymflow.builtin.diameter.DiameterIndexer;
import org.kymflow.builtin.synthetic.CrossSectionScan;

/** diameter keeps the contract every plugin keeps, on drawn cross-section scans whose ROIs are diameter ROIs. */
class TestDiameterContract extends IndexerContract {
    @Override
    protected IndexerProvider provider() {
        return new DiameterIndexer();
    }

    /**
     * @param id the image id
     * @param scan what to draw
     * @param rois the ROIs; those with an odd id are diameter ROIs, the others velocity ROIs
     * @return the image, with the header's scale and the ROIs' kinds in its metadata
     */
    static TestingRecordView image(String id, CrossSectionScan scan, List<Roi> rois) {
        double[] drawn = scan.draw().pixels();
        float[] pixels = new float[drawn.length];
        for (int i = 0; i < drawn.length; i++) {
            pixels[i] = (float) drawn[i];
        }
        List<Object> stored = new ArrayList<>();
        for (Roi roi : rois) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("roi_id", roi.roiId());
            m.put("roi_type", "rect");
            m.put("kind", roi.roiId() % 2 == 1 ? "diameter" : "velocity");
            m.put("data", Map.of("x0", roi.x0(), "x1", roi.x1(), "y0", roi.y0(), "y1", roi.y1()));
            stored.add(m);
        }
        Map<String, Object> header = Map.of("delx", 0.5, "delt", 0.01);
        return new TestingRecordView(id, pixels, scan.lines(), scan.width(), Map.of("header", header, "rois", stored), rois);
    }

    @Override
    protected List<ImageRecordView> images() {
        return List.of(image("cross_a", CrossSectionScan.of(120, 64, 1), List.of(new Roi(1, 1, 0, 0, 64, 0, 120))),
                image("cross_b", CrossSectionScan.of(90, 80, 2), List.of(new Roi(1, 1, 0, 4, 76, 10, 90), new Roi(2, 1, 0, 0, 80, 0, 90),
                        new Roi(3, 1, 0, 0, 80, 0, 40))));
    }

    @Override
    protected Optional<ImageRecordView> zeroRowImage() {
        return Optional.of(image("velocity_only", CrossSectionScan.of(40, 32, 3), List.of(new Roi(2, 1, 0, 0, 32, 0, 40))));
    }

    @Override
    protected ImageRecordView withOtherRois(ImageRecordView image) {
        TestingRecordView t = (TestingRecordView) image;
        List<Roi> rois = List.of(new Roi(5, 1, 0, 2, t.shape()[1] - 2, 0, t.shape()[0]));
        Map<String, Object> m = new LinkedHashMap<>(t.metadata());
        m.put("rois", List.of(Map.of("roi_id", 5, "roi_type", "rect", "kind", "diameter",
                "data", Map.of("x0", 2, "x1", t.shape()[1] - 2, "y0", 0, "y1", t.shape()[0]))));
        return new TestingRecordView(t.imageId(), t.pixels().toFloatArray(), t.shape()[0], t.shape()[1], m, rois);
    }
}
