package org.kymflow.imagej;

import ij.IJ;
import ij.gui.GenericDialog;
import ij.measure.ResultsTable;
import ij.plugin.PlugIn;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.kymflow.runtime.DatasetReader;
import org.kymflow.runtime.ImageFacts;
import org.kymflow.runtime.ImageStaleness;
import org.kymflow.runtime.IndexPlan;
import org.kymflow.runtime.IndexerCatalog;

/**
 * {@code KymFlow Browse Dataset} ({@code dataset=[PATH]}): a table titled {@code KymFlow Dataset} with one row
 * per image (file, id, acquired, size, ROIs, experiment metadata, each analysis's state for it); from the
 * menu it then offers to open one, which runs {@code KymFlow Open Image}.
 */
public final class BrowseDataset implements PlugIn {
    /** The table's title. */
    static final String TITLE = "KymFlow Dataset";

    /** Needed by ImageJ. */
    public BrowseDataset() {
    }

    @Override
    public void run(String arg) {
        GenericDialog gd = new GenericDialog("KymFlow Browse Dataset");
        gd.addStringField("dataset", Commands.lastDataset(), 50);
        gd.showDialog();
        if (gd.wasCanceled()) {
            return;
        }
        String dataset = gd.getNextString().trim();
        Commands.guard("KymFlow Browse Dataset", () -> {
            List<String> files = table(Path.of(dataset)).show();
            Commands.rememberDataset(dataset);
            if (!IJ.isMacro() && !files.isEmpty()) {
                GenericDialog open = new GenericDialog("KymFlow Browse Dataset");
                open.addChoice("open", files.toArray(String[]::new), files.get(0));
                open.showDialog();
                if (!open.wasCanceled()) {
                    OpenImage.show(Path.of(dataset), open.getNextChoice());
                }
            }
        });
    }

    /** The table and the images' file names, in its order. */
    record Listing(ResultsTable table, List<String> files) {
        /** @return the file names, after showing the table */
        List<String> show() {
            table.show(TITLE);
            return files;
        }
    }

    /**
     * @param dataset the dataset
     * @return its images, one row each, in file order
     */
    static Listing table(Path dataset) {
        IndexerCatalog catalog = IndexerCatalog.discover(List.of(), false);
        try (DatasetReader ds = DatasetReader.open(dataset)) {
            List<String> ids = ds.imageIdsInFileOrder();
            Map<String, Map<String, String>> states = new LinkedHashMap<>();
            ds.staleness().staleness(IndexPlan.resolve(catalog, catalog.loadedNames(), ds.config().overlaid(Map.of())).order(),
                    new java.util.HashSet<>(ids)).forEach((name, list) -> {
                        for (ImageStaleness s : list) {
                            states.computeIfAbsent(s.imageId(), k -> new LinkedHashMap<>()).put(name,
                                    s.isFresh() ? "fresh" : s.reason().name().toLowerCase(java.util.Locale.ROOT));
                        }
                    });
            List<ImageFacts> facts = ds.imageFacts(ids, (id, why) -> IJ.log("KymFlow: image " + id + " unreadable: " + why));
            TreeSet<String> keys = new TreeSet<>();
            facts.forEach(f -> keys.addAll(f.experiment().keySet()));
            ResultsTable rt = new ResultsTable();
            rt.setPrecision(9);
            List<String> files = new ArrayList<>();
            for (ImageFacts f : facts) {
                rt.incrementCounter();
                rt.addValue("file", String.valueOf(f.file()));
                rt.addValue("image_id", f.imageId());
                rt.addValue("acquired", f.acquired() == null ? "" : f.acquired());
                rt.addValue("lines", f.shape().get(0));
                rt.addValue("pixels", f.shape().size() > 1 ? f.shape().get(1) : 0);
                rt.addValue("rois", f.roiCount());
                for (String key : keys) {
                    Object v = f.experiment().get(key);
                    rt.addValue(key, v == null ? "" : String.valueOf(v));
                }
                states.getOrDefault(f.imageId(), Map.of()).forEach(rt::addValue);
                files.add(f.file() == null ? f.imageId() : f.file());
            }
            return new Listing(rt, files);
        }
    }
}
