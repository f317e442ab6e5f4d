package org.kymflow.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.kymflow.api.BaseIndexer;
import org.kymflow.api.Provenance;
import org.kymflow.table.Column;
import org.kymflow.table.ColumnType;
import org.kymflow.table.Field;
import org.kymflow.table.Schema;
import org.kymflow.table.Table;
import org.kymflow.zarr.OpenMode;
import org.kymflow.zarr.ReadOnlyDatasetException;
import org.kymflow.zarr.ZarrDataset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs indexers over a dataset and keeps their tables: indexer {@code n} owns
 * {@code tables/kym_n.parquet}, one row set per image, each row carrying {@code image_id},
 * {@code analysis_version} and {@code params_hash}.
 *
 * <p>{@link #updateIndex} computes rows for every image (in parallel), then writes the table once,
 * atomically. If any image fails, nothing is written and the exception names the image; readers of the
 * dataset see the old table or the new one, never a mix.
 */
public final class KymDataset {
    private static final Logger LOG = LoggerFactory.getLogger(KymDataset.class);
    private final ZarrDataset dataset;

    /**
     * @param dataset the storage; open it in APPEND mode to run indexers
     */
    public KymDataset(ZarrDataset dataset) {
        this.dataset = Objects.requireNonNull(dataset, "dataset");
    }

    /** @return the underlying storage */
    public ZarrDataset dataset() {
        return dataset;
    }

    /**
     * Runs an indexer with default options.
     *
     * @param indexer the indexer
     * @return the report
     */
    public IndexReport updateIndex(BaseIndexer indexer) {
        return updateIndex(indexer, IndexOptions.defaults());
    }

    /**
     * Runs an indexer over every image and replaces its table.
     *
     * @param indexer the indexer
     * @param options mode, parallelism, progress
     * @return the report
     * @throws IllegalArgumentException when the name is malformed or has a reserved prefix (before anything is read)
     * @throws IndexingException naming the image and cause when an image fails or the indexer breaks its
     *     contract; the table is then unchanged
     */
    public IndexReport updateIndex(BaseIndexer indexer, IndexOptions options) {
        String name = indexer.name();
        String table = NamePolicy.tableName(name); // refuses bad names before touching anything
        if (dataset.mode() == OpenMode.READ) {
            // before any image is computed: the run could never be committed
            throw new ReadOnlyDatasetException(dataset.location(), "run indexer '" + name + "'");
        }
        Optional<String> tableBefore = dataset.tableVersion(table);
        long t0 = System.nanoTime();
        Map<String, String> storedStamp = storedStamps(table, name);
        List<String> ids = dataset.listImageIds();
        long t1 = System.nanoTime();

        String version = indexer.analysisVersion();
        Table[] rowsByImage = new Table[ids.size()];
        String[] hashes = new String[ids.size()];
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(options.parallelism(), Math.max(1, ids.size())),
                r -> {
                    Thread t = new Thread(r, "kymflow-index-" + name);
                    t.setDaemon(true);
                    return t;
                });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    String id = ids.get(index);
                    ZarrRecordView view = new ZarrRecordView(dataset.record(id));
                    hashes[index] = indexer.paramsHash(view);
                    rowsByImage[index] = withProvenance(name, id, version, hashes[index], indexer.extractRows(view));
                    options.progress().imageDone(done.incrementAndGet(), ids.size(), id);
                    return null;
                }));
            }
            for (int i = 0; i < futures.size(); i++) {
                try {
                    futures.get(i).get();
                } catch (ExecutionException e) {
                    futures.forEach(f -> f.cancel(true));
                    Throwable cause = e.getCause();
                    if (cause instanceof IndexingException ie) {
                        throw ie;
                    }
                    throw new IndexingException(name, ids.get(i), String.valueOf(cause), cause);
                } catch (InterruptedException e) {
                    futures.forEach(f -> f.cancel(true));
                    Thread.currentThread().interrupt();
                    throw new IndexingException(name, null, "interrupted", e);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        long t2 = System.nanoTime();

        int unchanged = 0;
        long rows = 0;
        for (int i = 0; i < ids.size(); i++) {
            String stamp = storedStamp(version, hashes[i]);
            if (stamp.equals(storedStamp.get(ids.get(i)))) {
                unchanged++;
                LOG.info("{}: image {} has unchanged params_hash and analysis_version; recomputing anyway "
                        + "(incremental mode that skips it is future work)", name, ids.get(i));
            }
            rows += rowsByImage[i].rowCount();
        }
        Set<String> present = new HashSet<>(ids);
        int dropped = (int) storedStamp.keySet().stream().filter(id -> !present.contains(id)).count();
        Table combined;
        try {
            combined = Table.concat(List.of(rowsByImage));
        } catch (IllegalArgumentException e) {
            throw new IndexingException(name, null, "images returned clashing columns: " + e.getMessage(), e);
        }
        if (ids.isEmpty()) {
            combined = Table.empty(provenanceSchema());
        }
        if (!dataset.tableVersion(table).equals(tableBefore)) {
            // a plugin writing behind our back, or another program: committing would silently drop its change
            throw new IndexingException(name, null, "table " + table + " changed during the run, not through this run"
                    + " (another program or a plugin wrote it); nothing was committed; run again", null);
        }
        dataset.saveTable(table, combined);
        long t3 = System.nanoTime();
        IndexReport report = new IndexReport(name, table, version, ids.size(), rows, unchanged, dropped,
                Duration.ofNanos(t1 - t0), Duration.ofNanos(t2 - t1), Duration.ofNanos(t3 - t2));
        LOG.info("{}", report.summary());
        return report;
    }

    private static String storedStamp(String version, String hash) {
        return version + "\u0000" + hash;
    }

    /** Maps image id to its stored version+hash, from the current table (empty when there is none). */
    private Map<String, String> storedStamps(String table, String name) {
        Map<String, String> out = new HashMap<>();
        if (!dataset.hasTable(table)) {
            return out;
        }
        Table old = dataset.loadTable(table);
        if (!old.schema().names().containsAll(Provenance.COLUMNS)) {
            LOG.warn("{}: stored table {} lacks provenance columns; it will be replaced", name, table);
            return out;
        }
        for (int r = 0; r < old.rowCount(); r++) {
            out.putIfAbsent(old.getString(Provenance.IMAGE_ID, r),
                    storedStamp(old.getString(Provenance.ANALYSIS_VERSION, r), old.getString(Provenance.PARAMS_HASH, r)));
        }
        return out;
    }

    private static Schema provenanceSchema() {
        return Schema.of(Field.required(Provenance.IMAGE_ID, ColumnType.STRING),
                Field.required(Provenance.ANALYSIS_VERSION, ColumnType.STRING),
                Field.required(Provenance.PARAMS_HASH, ColumnType.STRING));
    }

    /**
     * Puts the provenance columns first, set by us. Returned provenance columns must already hold exactly
     * these values; anything else breaks the indexer's contract.
     */
    static Table withProvenance(String indexer, String imageId, String version, String hash, Table rows) {
        if (rows == null) {
            throw new IndexingException(indexer, imageId, "extractRows returned null (return an empty table instead)", null);
        }
        if (hash == null || version == null) {
            throw new IndexingException(indexer, imageId, "paramsHash or analysisVersion returned null", null);
        }
        Map<String, String> expected = Map.of(Provenance.IMAGE_ID, imageId, Provenance.ANALYSIS_VERSION, version,
                Provenance.PARAMS_HASH, hash);
        List<Field> fields = new ArrayList<>(provenanceSchema().fields());
        List<Column> columns = new ArrayList<>();
        for (String column : Provenance.COLUMNS) {
            if (rows.hasColumn(column)) {
                Column given = rows.column(column);
                for (int r = 0; r < rows.rowCount(); r++) {
                    Object v = given.get(r);
                    if (!expected.get(column).equals(v)) {
                        throw new IndexingException(indexer, imageId, "returned provenance column '" + column
                                + "' with value " + v + " at row " + r + " (the runtime sets it to " + expected.get(column)
                                + "; do not return provenance columns)", null);
                    }
                }
            }
            columns.add(Column.constant(ColumnType.STRING, expected.get(column), rows.rowCount()));
        }
        for (int c = 0; c < rows.columnCount(); c++) {
            Field f = rows.schema().field(c);
            if (!Provenance.COLUMNS.contains(f.name())) {
                fields.add(f);
                columns.add(rows.column(c));
            }
        }
        return Table.of(new Schema(fields), columns);
    }
}
