package org.kymflow.runtime;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.kymflow.api.BaseIndexer;
import org.kymflow.table.Table;
import org.kymflow.zarr.OpenMode;
import org.kymflow.zarr.ReadOnlyDatasetException;
import org.kymflow.zarr.ZarrDataset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs indexers over a dataset and keeps their tables: indexer {@code n} owns
 * {@code tables/kym_n.parquet}, one row set per image, each row carrying {@code image_id},
 * {@code analysis_version} and {@code params_hash}, with a run marker per image and a row per run in
 * {@code tables/sys_runs.parquet}.
 *
 * <p>{@link #updateIndex} decides per image whether its rows are up to date ({@link Staleness}), computes
 * what it must on a bounded pool, stages each image's rows as it finishes, and commits the table in
 * image-id order, streamed and atomically: readers see the old table or the new one, never a mix, and
 * memory holds about one row group, not the table. Markers follow the commit, so a crash in between
 * leaves images stale, never wrongly fresh.
 */
public final class KymDataset {
    private static final Logger LOG = LoggerFactory.getLogger(KymDataset.class);
    private final ZarrDataset dataset;
    /** Judges staleness for the run and for callers; its caches follow this object's commits. */
    final Staleness judge;

    /**
     * @param dataset the storage; open it in APPEND mode to run indexers
     */
    public KymDataset(ZarrDataset dataset) {
        this.dataset = Objects.requireNonNull(dataset, "dataset");
        this.judge = new Staleness(dataset);
    }

    /** @return the underlying storage */
    public ZarrDataset dataset() {
        return dataset;
    }

    /**
     * Runs an indexer with default options (REPLACE, all images).
     *
     * @param indexer the indexer
     * @return the report
     */
    public IndexReport updateIndex(BaseIndexer indexer) {
        return updateIndex(indexer, IndexOptions.defaults());
    }

    /**
     * Per image, whether the indexer's rows are up to date and why (DESIGN 4.6). Reads the table's footer
     * index, each image's marker and metadata, and compares pixel fingerprints by file signature (no
     * pixel is read for images whose chunk files are unchanged).
     *
     * @param indexer the indexer, configured as it would run
     * @return one entry per image, in image-id order
     */
    public List<ImageStaleness> staleness(BaseIndexer indexer) {
        return judge.staleness(indexer);
    }

    /**
     * @param indexer the indexer, configured as it would run
     * @param images the images to look at (empty: all)
     * @return one entry per image asked, in image-id order
     * @throws IllegalArgumentException naming an unknown image
     */
    public List<ImageStaleness> staleness(BaseIndexer indexer, Set<String> images) {
        return judge.staleness(indexer, images);
    }

    /**
     * Staleness of several indexers in input order; see {@link Staleness#staleness(List, Set)}.
     *
     * @param plan indexers, inputs before the indexers that read them
     * @param images the images to look at (empty: all)
     * @return per indexer name, one entry per image in image-id order
     */
    public Map<String, List<ImageStaleness>> staleness(List<BaseIndexer> plan, Set<String> images) {
        return judge.staleness(plan, images);
    }


    /**
     * Runs an indexer: decides what is stale, computes it, commits the table and the markers, and logs
     * the run.
     *
     * @param indexer the indexer
     * @param options mode, images, parallelism, keep-going, cancellation, progress
     * @return the report
     * @throws IllegalArgumentException when the name is malformed or has a reserved prefix (before anything is
     *     read), or an asked image does not exist
     * @throws ReadOnlyDatasetException when the dataset is open read-only (before anything is computed)
     * @throws IndexingException naming the image and cause when an image fails (without keep-going) or the
     *     indexer breaks its contract; work not yet committed is discarded, so the table is unchanged unless a
     *     long run already committed finished images (see {@link IndexOptions#commitInterval()})
     */
    public IndexReport updateIndex(BaseIndexer indexer, IndexOptions options) {
        String name = indexer.name();
        String table = NamePolicy.tableName(name); // refuses bad names before touching anything
        if (dataset.mode() == OpenMode.READ) {
            throw new ReadOnlyDatasetException(dataset.location(), "run indexer '" + name + "'");
        }
        try (IndexRun run = new IndexRun(this, indexer, options, table)) { // a failure to clean up never hides the run's own failure
            return run.execute();
        }
    }

    /**
     * Checks what the runs left against the tables; see {@link Staleness#validateAnalyses()}.
     *
     * @return the problems, each naming the image, the table and what to run; empty when they agree
     */
    public List<String> validateAnalyses() {
        return judge.validateAnalyses();
    }

    /**
     * Computes one image's rows as a run computes them, writing nothing; see
     * {@link Staleness#extractRows(BaseIndexer, String)}.
     *
     * @param indexer the indexer, configured as the run that asked
     * @param imageId the image
     * @return the rows, without provenance columns
     */
    public Table extractRows(BaseIndexer indexer, String imageId) {
        return judge.extractRows(indexer, imageId);
    }
}
