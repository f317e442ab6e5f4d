package org.kymflow.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.kymflow.api.BaseIndexer;
import org.kymflow.runtime.IndexerCatalog;
import org.kymflow.runtime.IndexingException;
import org.kymflow.runtime.KymDataset;
import org.kymflow.table.Table;
import org.kymflow.zarr.OpenMode;
import org.kymflow.zarr.ParquetBytes;
import org.kymflow.zarr.ZarrDataset;

/**
 * The executor side: opens the dataset read-only where it lies (a shared file system), re-creates the
 * indexer from its name and params (built-ins and plugin JARs from the plugins folders, or JARs on the
 * executor's class path), computes each image of its partition next to the data and writes the rows as
 * one Parquet file per image in the run's staging folder. An image whose indexer fails is reported, not
 * thrown: that is the image's result, as on one machine. Anything else (a lost file system) fails the
 * task, and Spark retries it; a retry overwrites its own staging files.
 */
final class ExtractPartition implements FlatMapFunction<Iterator<String>, StagedImage> {
    private static final long serialVersionUID = 1L;
    private final String dataset;
    private final String indexer;
    private final Map<String, Object> params;
    private final List<String> pluginDirs;
    private final String staging;

    ExtractPartition(String dataset, String indexer, Map<String, Object> params, List<String> pluginDirs, String staging) {
        this.dataset = dataset;
        this.indexer = indexer;
        this.params = params;
        this.pluginDirs = pluginDirs;
        this.staging = staging;
    }

    /**
     * Runs the partition in a pool of one thread: Spark gives a task one core, and an indexer's own
     * parallel streams fork into the pool they run in (as in a single-machine run), not into every core.
     */
    @Override
    public Iterator<StagedImage> call(Iterator<String> ids) throws Exception {
        java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(1);
        try {
            return pool.submit(() -> compute(ids)).get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause; // the task fails with the real cause, and Spark retries it
            }
            throw e;
        } finally {
            pool.shutdownNow();
        }
    }

    private Iterator<StagedImage> compute(Iterator<String> ids) {
        List<StagedImage> out = new ArrayList<>();
        SparkEnv env = SparkEnv.get();
        String executor = env == null ? "unknown" : env.executorId() + "@" + env.rpcEnv().address();
        BaseIndexer made = catalog(pluginDirs).create(indexer, params);
        try (ZarrDataset ds = ZarrDataset.open(Path.of(dataset), OpenMode.READ)) {
            KymDataset kym = new KymDataset(ds);
            while (ids.hasNext()) {
                String id = ids.next();
                Table rows;
                try {
                    rows = kym.extractRows(made, id);
                } catch (IndexingException e) {
                    out.add(new StagedImage(id, null, e.causeDescription(), executor)); // as a local run reports it
                    continue;
                }
                String file = id + ".parquet";
                write(Path.of(staging).resolve(file), ParquetBytes.write(rows));
                out.add(new StagedImage(id, file, null, executor));
            }
        }
        return out.iterator();
    }

    /** Catalogs by plugin folders, once per executor JVM: discovery opens every plugin JAR, and tasks are many. */
    private static final Map<List<String>, IndexerCatalog> CATALOGS = new java.util.concurrent.ConcurrentHashMap<>();

    private static IndexerCatalog catalog(List<String> pluginDirs) {
        return CATALOGS.computeIfAbsent(List.copyOf(pluginDirs),
                dirs -> IndexerCatalog.discover(dirs.stream().map(Path::of).toList(), false));
    }

    /** Temporary file, then rename: a retried task never leaves a half-written file for the driver to read. */
    private static void write(Path target, byte[] bytes) {
        Path temp = target.resolveSibling("." + target.getFileName() + "." + Thread.currentThread().getId() + ".tmp");
        try {
            Files.write(temp, bytes);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the staged rows " + target + ": " + e.getMessage(), e);
        }
    }
}
