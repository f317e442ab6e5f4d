package org.kymflow.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.kymflow.api.BaseIndexer;
import org.kymflow.api.Provenance;
import org.kymflow.api.Roi;
import org.kymflow.builtin.summary.VelocitySummaryIndexer;
import org.kymflow.builtin.synthetic.SyntheticKymograph;
import org.kymflow.runtime.DatasetReader;
import org.kymflow.runtime.DatasetWriter;
import org.kymflow.runtime.ImageMetadata;
import org.kymflow.runtime.IndexOptions;
import org.kymflow.runtime.IndexPlan;
import org.kymflow.runtime.IndexerCatalog;
import org.kymflow.runtime.NamePolicy;
import org.kymflow.runtime.Rois;
import org.kymflow.runtime.ingest.Ingest;
import org.kymflow.runtime.ingest.LabFiles;
import org.kymflow.table.Table;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Writes synthetic kymographs with known velocities as a lab's files (TIFF, header, sidecar), ingests them, runs
 * every analysis and prints true beside measured velocity.
 */
@Command(name = "demo",
        description = "Run every analysis on a synthetic dataset with known velocities.")
final class DemoCommand implements Callable<Integer> {
    /** The experiment-metadata flag demo writes; demo replaces only a dataset whose every image has it. */
    static final String SYNTHETIC_FLAG = "synthetic";

    @Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help ('kymflow --version' prints the version)")
    boolean help;

    @Option(names = "--dir", paramLabel = "FOLDER", description = "where to write source/ (the synthetic files) and demo.zarr (default: ./kymflow-demo)")
    Path dir = Path.of("kymflow-demo");

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Path dataset = dir.resolve("demo.zarr").toAbsolutePath();
        if (Files.exists(dataset)) {
            requireEarlierDemo(dataset);
            out.println("replacing the earlier demo dataset at " + dataset);
        }
        double delx = 0.284;
        int lines = 4000;
        int pixels = 40;
        double[] velocities = {0.5, 1.0, -0.8, 1.3};
        // The demo goes the way a lab's data goes: files on disk (TIFF, Olympus header, sidecar), ingest, analyses.
        Path source = dir.resolve("source").toAbsolutePath();
        Map<String, Double> truthByFile = new LinkedHashMap<>();
        try {
            Files.createDirectories(source);
            for (int i = 0; i < velocities.length; i++) {
                String name = String.format(Locale.ROOT, "synthetic%d_%+.1fmms", i + 1, velocities[i]);
                writeSyntheticFiles(source, name, velocities[i], delx, lines, pixels, i);
                truthByFile.put(name + ".tif", velocities[i]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo's source files in " + source + ": " + e.getMessage(), e);
        }
        out.println("wrote " + velocities.length + " synthetic kymographs with headers and sidecars to " + source);
        try (DatasetWriter ds = DatasetWriter.replace(dataset)) {
            Ingest.Result ingested;
            try {
                ingested = ds.ingest(source, false);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot ingest " + source + ": " + e.getMessage(), e);
            }
            if (!ingested.failed().isEmpty()) {
                throw new IllegalStateException("the demo's own files failed to ingest: " + ingested.failed());
            }
            out.println("ingested " + ingested.added().size() + " images into " + dataset);
            IndexerCatalog catalog = IndexerCatalog.discover(PluginsOption.folders(null), false);
            for (BaseIndexer indexer : IndexPlan.resolve(catalog, catalog.loadedNames(), Map.of()).order()) {
                out.println(ds.index(indexer, IndexOptions.defaults()).summary());
            }
            ds.updateManifest();
            Table summary = ds.table(NamePolicy.tableName(VelocitySummaryIndexer.NAME));
            Map<String, String> files = ds.fileNames();
            out.println();
            out.printf("%-26s %-10s %12s %14s%n", "file", "image", "true mm/s", "measured mm/s");
            for (String id : ds.imageIdsInFileOrder()) {
                String file = files.get(id);
                Double truth = truthByFile.get(file);
                if (truth == null) {
                    continue; // a file someone else put in the demo's source folder
                }
                Table rows = summary.filterEquals(Provenance.IMAGE_ID, id); // one ROI: one row
                double median = rows.rowCount() == 0 ? Double.NaN : rows.getDouble(VelocitySummaryIndexer.CLEAN_MEDIAN, 0);
                out.printf("%-26s %-10s %12.3f %14.3f%n", file, id.substring(0, 8), truth, median);
            }
        }
        out.println();
        out.println("dataset: " + dataset);
        // one command a line, and the plot written beside the dataset, which .gitignore covers in the source tree
        out.println("next:    kymflow view " + dataset + "      (the web viewer)");
        out.println("         kymflow summary " + dataset);
        out.println("         kymflow plot " + dataset + " synthetic1_+0.5mms -o " + dataset.resolveSibling("plot.png"));
        return 0;
    }

    /**
     * Writes one synthetic kymograph as a lab has it: a uint16 TIFF, an Olympus FluoView header with the
     * scale and an acquisition date, and a sidecar with one ROI and the experiment metadata.
     */
    private static void writeSyntheticFiles(Path folder, String name, double velocity, double delx, int lines, int pixels,
                                            int seed) throws IOException {
        double delt = 0.001;
        double ppl = SyntheticKymograph.pixelsPerLine(velocity, delx, delt);
        Map<String, Object> sidecar = new LinkedHashMap<>();
        Map<String, Object> experiment = new LinkedHashMap<>();
        experiment.put("note", "synthetic, true velocity " + velocity + " mm/s");
        experiment.put(SYNTHETIC_FLAG, true);
        sidecar.put(org.kymflow.api.MetadataKeys.EXPERIMENT_METADATA, experiment);
        sidecar.put(org.kymflow.api.MetadataKeys.ROIS, List.of(Rois.toEnvelope(new Roi(1, 1, 0, 2, pixels - 2, 0, lines))));
        LabFiles.write(folder, name, SyntheticKymograph.draw(lines, pixels, ppl, 20, seed), lines, pixels, delx, delt,
                "01/15/2026 10:0" + seed + ":00.000 AM", sidecar);
    }

    /** Refuses to replace anything but a dataset an earlier demo made: a user's data is never overwritten. */
    private static void requireEarlierDemo(Path dataset) {
        String refusal = "refusing to replace " + dataset + ": it is not a dataset made by 'kymflow demo'; choose another --dir";
        boolean allSynthetic;
        try (DatasetReader old = DatasetReader.open(dataset)) {
            allSynthetic = old.imageIds().stream()
                    .allMatch(id -> Boolean.TRUE.equals(ImageMetadata.experiment(old.metadata(id)).get(SYNTHETIC_FLAG)));
        } catch (RuntimeException e) { // not a dataset, or one that cannot be read: never replaced
            throw new IllegalArgumentException(refusal + " (" + e.getMessage() + ")", e);
        }
        if (!allSynthetic) {
            throw new IllegalArgumentException(refusal);
        }
    }
}
