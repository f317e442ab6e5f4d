package org.kymflow.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.kymflow.api.ImageRecordView;
import org.kymflow.api.IndexerProvider;
import org.kymflow.api.Roi;
import org.kymflow.api.testing.IndexerContract;
import org.kymflow.api.testing.TestingRecordView;
import org.kymflow.builtin.diameter.DiameterIndexer;
import org.kymflow.builtin.diameter.DiameterSummaryIndexer;
import org.kymflow.builtin.synthetic.CrossSectionScan;
import org.kymflow.table.Table;

/** diameter_summary keeps the contract, and summarises what diameter measured on a drawn scan. */
class TestDiameterSummaryContract extends IndexerContract {
    @Override
    protected IndexerProvider provider() {
        return new DiameterSummaryIndexer();
    }

    private static TestingRecordView withDiameterRows(TestingRecordView image) {
        return image.withInputRows(DiameterIndexer.NAME, new DiameterIndexer().create(Map.of()).extractRows(image));
    }

    @Override
    protected List<ImageRecordView> images() {
        TestDiameterContract contract = new TestDiameterContract();
        return contract.images().stream().map(i -> (ImageRecordView) withDiameterRows((TestingRecordView) i)).toList();
    }

    @Override
    protected Optional<ImageRecordView> zeroRowImage() {
        return Optional.of(withDiameterRows(TestDiameterContract.image("velocity_only", CrossSectionScan.of(40, 32, 3),
                List.of(new Roi(2, 1, 0, 0, 32, 0, 40)))));
    }

    @Override
    protected ImageRecordView withOtherRois(ImageRecordView image) {
        return image; // unused: a derived indexer's hash does not follow ROIs
    }

    @Test
    void theSummaryIsTheDiameterOfTheDrawnWalls() {
        CrossSectionScan scan = CrossSectionScan.of(400, 96, 7);
        CrossSectionScan.Drawn drawn = scan.draw();
        TestingRecordView image = withDiameterRows(TestDiameterContract.image("cross", scan, List.of(new Roi(1, 1, 0, 0, 96, 0, 400))));
        Table summary = new DiameterSummaryIndexer().extractRows(image);
        assertEquals(1, summary.rowCount());
        double[] truth = new double[scan.lines()];
        for (int t = 0; t < truth.length; t++) {
            truth[t] = drawn.diameter(t) * 0.5;
        }
        java.util.Arrays.sort(truth);
        assertEquals(400, summary.getInt("n_measured", 0));
        assertEquals(0.0, summary.getDouble("frac_missing", 0));
        assertEquals((truth[199] + truth[200]) / 2, summary.getDouble("median_um", 0), 0.05, "the median diameter, um");
        assertEquals(summary.getDouble("median_px", 0) * 0.5, summary.getDouble("median_um", 0), 1e-12);
        assertEquals(summary.getDouble("std_um", 0) / summary.getDouble("mean_um", 0), summary.getDouble("cv", 0), 1e-12);
        assertEquals("sigmoid_fit", summary.getString("method", 0));
        TestingRecordView unscaled = withDiameterRows(new TestingRecordView("cross", image.pixels().toFloatArray(), 400, 96,
                Map.of("rois", image.metadata().get("rois")), image.rois()));
        Table noScale = new DiameterSummaryIndexer().extractRows(unscaled);
        assertTrue(noScale.isNull("median_um", 0), "no um without the header's pixel size");
        assertEquals(summary.getDouble("median_px", 0), noScale.getDouble("median_px", 0), 1e-12);
    }
}
