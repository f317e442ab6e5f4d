package org.kymflow.imagej;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.gui.Plot;
import ij.measure.ResultsTable;
import ij.plugin.PlugIn;
import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.kymflow.api.BaseIndexer;
import org.kymflow.runtime.AnalysisConfig;
import org.kymflow.runtime.DatasetWriter;
import org.kymflow.runtime.IndexOptions;
import org.kymflow.runtime.IndexPlan;
import org.kymflow.runtime.IndexReport;
import org.kymflow.runtime.IndexerCatalog;
import org.kymflow.table.Table;

/**
 * {@code KymFlow Analyze} ({@code analyses=[radon velocity_events ...]}; empty: every analysis stale for the
 * current image): runs the analyses on the current image through the library, with ImageJ's progress bar and
 * status line, then shows the image's velocity per ROI in the {@code Results} table ({@code roi_id, time_s,
 * velocity_mm_s, clean_velocity_mm_s}, 9 decimals) and a plot of velocity over time per ROI with the events
 * marked. Analyses an analysis reads are brought up to date first, as on the command line.
 */
public final class Analyze implements PlugIn {
    private static final Color[] COLOURS = {new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44),
        new Color(148, 103, 189), new Color(140, 86, 75)};

    /** Needed by ImageJ. */
    public Analyze() {
    }

    @Override
    public void run(String arg) {
        ImagePlus imp = WindowManager.getCurrentImage();
        GenericDialog gd = new GenericDialog("KymFlow Analyze");
        gd.addStringField("analyses", "", 40);
        gd.addMessage("names separated by spaces; empty: every analysis not up to date for this image");
        gd.showDialog();
        if (gd.wasCanceled()) {
            return;
        }
        String names = gd.getNextString().trim();
        Commands.guard("KymFlow Analyze", () -> {
            Path dataset = Commands.datasetOf(imp);
            String imageId = Commands.imageIdOf(imp);
            List<IndexReport> reports = run(dataset, imageId, names.isEmpty() ? List.of() : Arrays.asList(names.split("[\\s,]+")));
            List<String> failed = new ArrayList<>();
            for (IndexReport report : reports) {
                report.failed().forEach((id, why) -> failed.add(report.indexer() + ": " + why));
            }
            if (!failed.isEmpty()) {
                throw new IllegalStateException(String.join("; ", failed));
            }
            show(dataset, imageId, imp.getTitle());
        });
    }

    /**
     * Runs analyses on one image, as {@code kymflow index DATASET NAMES --image ID} does.
     *
     * @param dataset the dataset
     * @param imageId the image
     * @param names the analyses; empty for every one not up to date for this image
     * @return a report per analysis run, inputs first
     * @throws IllegalArgumentException naming an unknown analysis
     */
    static List<IndexReport> run(Path dataset, String imageId, List<String> names) {
        IndexerCatalog catalog = IndexerCatalog.discover(List.of(), false);
        List<IndexReport> reports = new ArrayList<>();
        try (DatasetWriter ds = DatasetWriter.open(dataset)) {
            AnalysisConfig config = ds.config();
            List<String> chosen = names.isEmpty() ? staleFor(ds, catalog, config, imageId) : names;
            if (chosen.isEmpty()) {
                IJ.showStatus("KymFlow: every analysis is up to date for this image");
                return reports;
            }
            IndexPlan plan = IndexPlan.resolve(catalog, chosen, config.overlaid(Map.of()));
            List<BaseIndexer> order = plan.order();
            for (int i = 0; i < order.size(); i++) {
                BaseIndexer indexer = order.get(i);
                int step = i;
                IJ.showStatus("KymFlow: " + indexer.name() + " ...");
                IndexOptions options = IndexOptions.builder().images(Set.of(imageId))
                        .origin(catalog.runOrigin(indexer.name(), config.paramsFor(indexer.name())))
                        .progress((done, total, id) -> IJ.showProgress(step * total + done, order.size() * total)).build();
                reports.add(ds.index(indexer, options));
            }
            IJ.showProgress(1.0);
            IJ.showStatus("KymFlow: " + String.join(", ", order.stream().map(BaseIndexer::name).toList()) + " done");
            return reports;
        }
    }

    private static List<String> staleFor(DatasetWriter ds, IndexerCatalog catalog, AnalysisConfig config, String imageId) {
        List<BaseIndexer> all = IndexPlan.resolve(catalog, catalog.loadedNames(), config.overlaid(Map.of())).order();
        List<String> stale = new ArrayList<>();
        ds.staleness().staleness(all, Set.of(imageId)).forEach((name, list) -> {
            if (list.stream().anyMatch(s -> !s.isFresh())) {
                stale.add(name);
            }
        });
        return stale;
    }

    /**
     * Fills the {@code Results} table with the image's radon rows and plots them per ROI, events marked.
     *
     * @param dataset the dataset
     * @param imageId the image
     * @param title the image's title, for the plot's
     */
    static void show(Path dataset, String imageId, String title) {
        Table radon;
        Table events;
        try (org.kymflow.runtime.DatasetReader ds = org.kymflow.runtime.DatasetReader.open(dataset)) {
            radon = ds.hasTable("kym_radon") ? ds.tableRows("kym_radon", Set.of(imageId), null, Long.MAX_VALUE) : null;
            events = ds.hasTable("kym_velocity_events") ? ds.tableRows("kym_velocity_events", Set.of(imageId), null, Long.MAX_VALUE) : null;
        }
        ResultsTable rt = ResultsTable.getResultsTable();
        rt.reset();
        rt.setPrecision(9);
        if (radon == null || radon.rowCount() == 0) {
            IJ.showStatus("KymFlow: no velocity rows for this image (no velocity ROI, or radon has not run)");
            return;
        }
        Map<Integer, List<double[]>> byRoi = new TreeMap<>();
        for (int r = 0; r < radon.rowCount(); r++) {
            rt.incrementCounter();
            int roi = radon.getInt("roi_id", r);
            rt.addValue("roi_id", roi);
            rt.addValue("time_s", radon.getDouble("time_s", r));
            rt.addValue("velocity_mm_s", radon.getDouble("velocity_mm_s", r));
            rt.addValue("clean_velocity_mm_s", radon.getDouble("clean_velocity_mm_s", r));
            byRoi.computeIfAbsent(roi, k -> new ArrayList<>()).add(new double[] {radon.getDouble("time_s", r),
                radon.getDouble("velocity_mm_s", r)});
        }
        rt.show("Results");
        String units = radon.getString("velocity_units", 0);
        Plot plot = new Plot("KymFlow velocity: " + title, "time (s)", "velocity (" + units + ")");
        StringBuilder legend = new StringBuilder();
        int c = 0;
        for (Map.Entry<Integer, List<double[]>> e : byRoi.entrySet()) {
            double[] t = e.getValue().stream().mapToDouble(p -> p[0]).toArray();
            double[] v = e.getValue().stream().mapToDouble(p -> p[1]).toArray();
            plot.setColor(COLOURS[c++ % COLOURS.length]);
            plot.addPoints(t, v, Plot.LINE);
            legend.append("ROI ").append(e.getKey()).append('\n');
        }
        plot.setLimitsToFit(false);
        plot.addLegend(legend.toString());
        if (events != null) {
            double[] limits = plot.getLimits();
            plot.setColor(Color.RED);
            for (int r = 0; r < events.rowCount(); r++) {
                // an event spans its start to its end; one without an end is a line at its start
                double start = events.getDouble("t_start_s", r);
                double end = events.isNull("t_end_s", r) ? start : events.getDouble("t_end_s", r);
                plot.drawLine(start, limits[2], start, limits[3]);
                if (end > start) {
                    plot.drawLine(end, limits[2], end, limits[3]);
                }
            }
        }
        plot.show();
        IJ.log("KymFlow: " + radon.rowCount() + " velocity windows of " + title + " in the Results table (image " + imageId + ")");
    }
}
