package org.kymflow.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.kymflow.api.BaseIndexer;
import org.kymflow.runtime.ingest.Ingest;
import org.kymflow.zarr.OpenMode;
import org.kymflow.zarr.ZarrDataset;

/**
 * A KymFlow dataset opened for writing through the library: everything {@link DatasetReader} reads, plus
 * ingest, analysis runs and the analysis configuration. It holds the dataset's writer lock until closed; a
 * second writer, in this process or another, is refused with
 * {@link org.kymflow.zarr.DatasetLockedException} naming the dataset.
 */
public final class DatasetWriter extends DatasetReader {
    private final ZarrDataset storage;
    private KymDataset runs; // made on the first run: its caches follow its own commits

    private DatasetWriter(ZarrDataset storage) {
        super(storage);
        this.storage = storage;
    }

    /**
     * @param folder an existing dataset folder
     * @return the dataset, open for writing
     * @throws IllegalArgumentException when there is no dataset there
     * @throws org.kymflow.zarr.DatasetLockedException when another writer holds it
     */
    public static DatasetWriter open(Path folder) {
        requireDataset(folder);
        return new DatasetWriter(ZarrDataset.open(folder, OpenMode.APPEND));
    }

    /**
     * Opens a dataset for writing, creating it when the folder does not hold one (as {@code ingest} does).
     *
     * @param folder the dataset folder
     * @return the dataset, open for writing
     * @throws org.kymflow.zarr.ZarrException when the folder holds something else, naming it
     */
    public static DatasetWriter openOrCreate(Path folder) {
        return new DatasetWriter(ZarrDataset.open(folder, OpenMode.APPEND));
    }

    /**
     * Creates an empty dataset.
     *
     * @param folder where; it must not hold a dataset already
     * @return the new dataset, open for writing
     * @throws IllegalArgumentException when a dataset is already there
     */
    public static DatasetWriter create(Path folder) {
        if (Files.exists(folder.resolve(".zgroup"))) {
            throw new IllegalArgumentException(folder + " already holds a dataset");
        }
        return openOrCreate(folder);
    }

    /**
     * Replaces a dataset with a new, empty one (an empty or absent folder is created).
     *
     * @param folder where
     * @return the new dataset, open for writing
     * @throws org.kymflow.zarr.ZarrException when the folder holds files that are not a KymFlow dataset
     */
    public static DatasetWriter replace(Path folder) {
        return new DatasetWriter(ZarrDataset.open(folder, OpenMode.WRITE));
    }

    @Override
    public ZarrDataset storage() {
        return storage;
    }

    /**
     * Adds every TIFF below a folder, with its header and sidecar (new or changed files only); see {@link Ingest}.
     *
     * @param folder the folder of TIFFs
     * @param prune whether to remove images whose source file is gone
     * @return what was added, updated, moved, failed and pruned
     * @throws IOException when the folder cannot be walked
     */
    public Ingest.Result ingest(Path folder, boolean prune) throws IOException {
        return Ingest.ingest(storage, folder, prune);
    }

    /**
     * Runs one analysis: decides what is stale, computes it, commits its table and markers, and logs the run;
     * see {@link KymDataset#updateIndex(BaseIndexer, IndexOptions)}.
     *
     * @param indexer the analysis, configured
     * @param options mode, images, parallelism, keep-going, cancellation, progress, origin
     * @return the report
     */
    public IndexReport index(BaseIndexer indexer, IndexOptions options) {
        if (runs == null) {
            runs = new KymDataset(storage);
        }
        return runs.updateIndex(indexer, options);
    }

    /**
     * Saves the analysis configuration, atomically: the next run, status and view use it.
     *
     * @param config the configuration
     */
    public void saveConfig(AnalysisConfig config) {
        config.save(storage);
    }

    /** Rebuilds and saves the derived manifest ({@code index/manifest.json.gz}) from the images as they are. */
    public void updateManifest() {
        storage.updateManifest();
    }
}
