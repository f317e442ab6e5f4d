package org.kymflow.builtin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kymflow.api.ImageRecordView;
import org.kymflow.api.Roi;
import org.kymflow.api.testing.TestingRecordView;
import org.kymflow.builtin.events.VelocityEventsIndexer;
import org.kymflow.builtin.radon.RadonIndexer;
import org.kymflow.builtin.radon.RadonProvider;
import org.kymflow.table.Table;

/** The contract samples with the rows their inputs give them, computed by the real input indexers. */
final class DerivedContractSamples {
    private DerivedContractSamples() {
    }

    /** @return the contract images, each offering radon's rows for it */
    static List<ImageRecordView> withRadon() {
        return withRadon(ContractSamples.images());
    }

    private static List<ImageRecordView> withRadon(List<ImageRecordView> images) {
        RadonProvider radon = new RadonProvider();
        List<ImageRecordView> out = new ArrayList<>();
        for (ImageRecordView image : images) {
            TestingRecordView view = (TestingRecordView) image;
            out.add(view.withInputRows(RadonIndexer.NAME, radon.create(radon.defaultParams()).extractRows(view)));
        }
        return out;
    }

    /**
     * @return one image of 7.5 s (long enough for the heart-rate series' 6 s windows), with radon's rows for
     *     it, a third of their velocities lost (NaN) in its middle
     */
    static List<ImageRecordView> withLongRadonAndAGap() {
        return gapped(withRadon(List.of(TestRadonSynthetic.synthetic(0.9, 7500, 24, List.of(new Roi(1, 1, 0, 2, 22, 0, 7500)), 5))));
    }

    /**
     * @return two images of 1.5 s and 1.2 s (long enough for the detector's 0.2 s minimum gap), each offering
     *     radon's rows with the middle third of the windows' velocity lost (NaN), as when cells stop passing,
     *     so the event detector has something to find
     */
    static List<ImageRecordView> withRadonAndAGap() {
        List<ImageRecordView> longer = List.of(
                TestRadonSynthetic.synthetic(0.8, 1500, 24, List.of(new Roi(1, 1, 0, 2, 22, 0, 1500)), 3),
                TestRadonSynthetic.synthetic(-1.1, 1200, 24, List.of(new Roi(1, 1, 0, 0, 24, 0, 1200),
                        new Roi(2, 1, 0, 4, 12, 100, 1100)), 4));
        return gapped(withRadon(longer));
    }

    /** The images with the middle third of their radon velocities lost (NaN). */
    private static List<ImageRecordView> gapped(List<ImageRecordView> images) {
        List<ImageRecordView> out = new ArrayList<>();
        for (ImageRecordView image : images) {
            TestingRecordView view = (TestingRecordView) image;
            Table radon = view.inputRows(RadonIndexer.NAME);
            Table.RowBuilder gapped = Table.builder(radon.schema());
            int n = radon.rowCount();
            for (int r = 0; r < n; r++) {
                Map<String, Object> row = new LinkedHashMap<>(radon.row(r));
                if (r >= n / 3 && r < 2 * n / 3) {
                    row.put(RadonIndexer.VELOCITY, Double.NaN);
                }
                gapped.addRow(row);
            }
            out.add(view.withInputRows(RadonIndexer.NAME, gapped.build()));
        }
        return out;
    }

    /** @return the contract images, each offering radon's and velocity_events' rows for it */
    static List<ImageRecordView> withRadonAndEvents() {
        VelocityEventsIndexer events = new VelocityEventsIndexer();
        List<ImageRecordView> out = new ArrayList<>();
        for (ImageRecordView image : withRadon()) {
            TestingRecordView view = (TestingRecordView) image;
            out.add(view.withInputRows(VelocityEventsIndexer.NAME, events.extractRows(view)));
        }
        return out;
    }

    /** @return the first sample with radon's rows emptied (columns kept): no windows, so nothing to find */
    static TestingRecordView withoutWindows() {
        TestingRecordView view = (TestingRecordView) withRadonAndEvents().get(0);
        return view.withInputRows(RadonIndexer.NAME, view.inputRows(RadonIndexer.NAME).filterRows(r -> false))
                .withInputRows(VelocityEventsIndexer.NAME, view.inputRows(VelocityEventsIndexer.NAME).filterRows(r -> false));
    }
}
