package org.kymflow.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.kymflow.api.Provenance;
import org.kymflow.api.Roi;
import org.kymflow.builtin.radon.RadonIndexer;
import org.kymflow.builtin.synthetic.SyntheticKymograph;
import org.kymflow.runtime.IndexReport;
import org.kymflow.runtime.IndexerCatalog;
import org.kymflow.runtime.KymDataset;
import org.kymflow.runtime.Rois;
import org.kymflow.table.Table;
import org.kymflow.zarr.MetadataNotFoundException;
import org.kymflow.zarr.NdArray;
import org.kymflow.zarr.OpenMode;
import org.kymflow.zarr.ZarrDataset;
import org.kymflow.zarr.ZarrImageRecord;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Makes a synthetic dataset with known velocities, runs every analysis, prints true beside measured. */
@Command(name = "demo",
        description = "Run every analysis on a synthetic dataset with known velocities.")
final class DemoCommand implements Callable<Integer> {
    /** The experiment-metadata flag demo writes; demo replaces only a dataset whose every image has it. */
    static final String SYNTHETIC_FLAG = "synthetic";

    @Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help ('kymflow --version' prints the version)")
    boolean help;

    @Option(names = "--dir", paramLabel = "FOLDER", description = "where to write demo.zarr (default: ./kymflow-demo)")
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
        double delt = 0.001;
        double[] velocities = {0.5, 1.0, -0.8, 1.3};
        Map<String, Double> truth = new LinkedHashMap<>();
        try (ZarrDataset ds = ZarrDataset.open(dataset, OpenMode.WRITE)) {
            for (int i = 0; i < velocities.length; i++) {
                double ppl = SyntheticKymograph.pixelsPerLine(velocities[i], delx, delt);
                ZarrImageRecord r = ds.addImage(NdArray.ofUint16(SyntheticKymograph.draw(4000, 40, ppl, 20, i), 4000, 40));
                r.saveMetadataPayload(Map.of("header", Map.of("voxels", List.of(delt, delx), "voxels_units", List.of("s", "um")),
                        "experiment_metadata", Map.of("note", "synthetic, true velocity " + velocities[i] + " mm/s",
                                SYNTHETIC_FLAG, true),
                        "rois", List.of(Rois.toEnvelope(new Roi(1, 1, 0, 2, 38, 0, 4000)))));
                truth.put(r.imageId(), velocities[i]);
            }
            IndexerCatalog catalog = IndexerCatalog.discover(PluginsOption.folders(null), false);
            KymDataset kym = new KymDataset(ds);
            for (org.kymflow.api.BaseIndexer indexer : org.kymflow.runtime.IndexPlan.resolve(catalog, catalog.loadedNames(), Map.of()).order()) {
                IndexReport report = kym.updateIndex(indexer);
                out.println(report.summary());
            }
            ds.updateManifest();
            Table radon = ds.loadTable(RadonIndexer.TABLE);
            out.println();
            out.printf("%-38s %12s %14s%n", "image", "true mm/s", "measured mm/s");
            for (Map.Entry<String, Double> e : truth.entrySet()) {
                Table rows = radon.filterEquals(Provenance.IMAGE_ID, e.getKey());
                List<Double> values = new ArrayList<>();
                for (int r = 0; r < rows.rowCount(); r++) {
                    double v = rows.getDouble(RadonIndexer.CLEAN_VELOCITY, r);
                    if (!Double.isNaN(v)) {
                        values.add(v);
                    }
                }
                values.sort(null);
                double median = values.isEmpty() ? Double.NaN : values.get(values.size() / 2);
                out.printf("%-38s %12.3f %14.3f%n", e.getKey(), e.getValue(), median);
            }
        }
        out.println();
        out.println("dataset: " + dataset + "  (try: ./kymflow tables " + dataset + ")");
        return 0;
    }

    /** Refuses to replace anything but a dataset an earlier demo made: a user's data is never overwritten. */
    private static void requireEarlierDemo(Path dataset) {
        String refusal = "refusing to replace " + dataset + ": it is not a dataset made by 'kymflow demo'; choose another --dir";
        try (ZarrDataset old = ZarrDataset.open(dataset, OpenMode.READ)) {
            for (String id : old.listImageIds()) {
                Object flag;
                try {
                    Map<String, Object> payload = old.record(id).loadMetadataPayload();
                    flag = payload.get("experiment_metadata") instanceof Map<?, ?> m ? m.get(SYNTHETIC_FLAG) : null;
                } catch (MetadataNotFoundException e) {
                    flag = null;
                }
                if (!Boolean.TRUE.equals(flag)) {
                    throw new IllegalArgumentException(refusal);
                }
            }
        } catch (org.kymflow.zarr.ZarrException e) {
            throw new IllegalArgumentException(refusal + " (" + e.getMessage() + ")", e);
        }
    }
}
