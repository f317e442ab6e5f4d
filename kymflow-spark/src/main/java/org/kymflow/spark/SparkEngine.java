package org.kymflow.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.kymflow.runtime.ExtractionEngine;
import org.kymflow.zarr.ParquetBytes;

/**
 * Computes a run's stale images on Apache Spark: the images are spread over the executors, which write
 * each image's rows to a staging folder inside the dataset ({@code .kymflow-staging/<run>/}); the driver
 * hands them, one image at a time, to the run, which commits them as a single-machine run commits its own.
 * The staging folder is removed afterwards; one left by a killed driver is removed by the next run
 * ({@link #removeLeftovers}).
 */
public final class SparkEngine implements ExtractionEngine {
    /** The staging folder's name inside the dataset (hidden: a dataset listing never shows it). */
    public static final String STAGING = ".kymflow-staging";

    private final JavaSparkContext spark;
    private final Path dataset;
    private final String indexer;
    private final Map<String, Object> params;
    private final List<Path> pluginDirs;
    private final List<String> executors = new ArrayList<>();

    /**
     * @param spark the Spark context (its master decides where images are computed)
     * @param dataset the dataset folder, at the same path on the driver and every executor
     * @param indexer the indexer's name, as its provider gives it
     * @param params the params the indexer was created with on the driver
     * @param pluginDirs plugin folders, at the same paths on every executor
     */
    public SparkEngine(JavaSparkContext spark, Path dataset, String indexer, Map<String, Object> params, List<Path> pluginDirs) {
        this.spark = spark;
        this.dataset = dataset.toAbsolutePath().normalize();
        this.indexer = indexer;
        this.params = new HashMap<>(params);
        this.pluginDirs = List.copyOf(pluginDirs);
    }

    /** @return {@code spark (master M, N executors)}: the executors that computed this engine's images so far (1 in local mode) */
    @Override
    public String description() {
        int n = new java.util.TreeSet<>(executors).size();
        return "spark (master " + spark.master() + ", " + n + (n == 1 ? " executor)" : " executors)");
    }

    @Override
    public void extract(List<String> imageIds, Sink sink) {
        if (imageIds.isEmpty()) {
            return;
        }
        Path staging = dataset.resolve(STAGING).resolve(UUID.randomUUID().toString());
        Throwable failure = null;
        org.apache.spark.api.java.JavaFutureAction<List<StagedImage>> job = null;
        try {
            Files.createDirectories(staging);
            int slices = Math.min(imageIds.size(), spark.defaultParallelism() * 4); // small tasks even out slow images
            job = spark.parallelize(imageIds, slices)
                    .mapPartitions(new ExtractPartition(dataset.toString(), indexer, params,
                            pluginDirs.stream().map(p -> p.toAbsolutePath().toString()).toList(), staging.toString()))
                    .collectAsync();
            // While the executors compute, the driver decodes and stages the images already finished, as a local
            // run stages each image on its thread as soon as it is computed.
            Set<String> staged = java.util.concurrent.ConcurrentHashMap.newKeySet();
            Set<String> asked = new java.util.HashSet<>(imageIds);
            List<StagedImage> results;
            while (true) {
                stageFinished(staging, asked, staged, sink);
                try {
                    results = job.get(200, java.util.concurrent.TimeUnit.MILLISECONDS);
                    break;
                } catch (java.util.concurrent.TimeoutException e) {
                    continue; // not done yet: stage what finished meanwhile
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("the Spark job failed: " + e.getCause(), e.getCause());
                } catch (InterruptedException e) {
                    job.cancel(true);
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while the Spark job ran", e);
                }
            }
            for (StagedImage r : results) {
                executors.add(r.executor());
            }
            // Failures first and on this thread: without keep-going the first one ends the run, and no staging
            // thread may still be reading files when the staging folder is removed below.
            for (StagedImage r : results) {
                if (r.error() != null) {
                    sink.failed(r.imageId(), r.error());
                }
            }
            results.parallelStream().filter(r -> r.error() == null && !staged.contains(r.imageId()))
                    .forEach(r -> stage(staging.resolve(r.stagedFile()), r.imageId(), staged, sink));
        } catch (IOException e) {
            failure = e;
            throw new UncheckedIOException("cannot make the staging folder " + staging + ": " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            failure = e;
            if (job != null) {
                job.cancel(true); // executors stop writing into the staging folder about to be removed
            }
            throw e;
        } finally {
            try {
                deleteTree(staging);
            } catch (UncheckedIOException e) {
                if (failure == null) {
                    throw e;
                }
                failure.addSuppressed(e); // a clean-up problem never hides the run's own failure
            }
        }
    }

    /** Stages every image whose rows are complete in the staging folder and not staged yet. */
    private static void stageFinished(Path staging, Set<String> asked, Set<String> staged, Sink sink) {
        List<Path> done;
        try (Stream<Path> files = Files.list(staging)) {
            done = files.filter(f -> f.getFileName().toString().endsWith(".parquet") && !f.getFileName().toString().startsWith("."))
                    .toList(); // an executor renames a file into place only when it is whole
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the staging folder " + staging + ": " + e.getMessage(), e);
        }
        done.parallelStream().forEach(f -> {
            String id = f.getFileName().toString().replaceFirst("\\.parquet$", "");
            if (asked.contains(id) && !staged.contains(id)) {
                stage(f, id, staged, sink);
            }
        });
    }

    /** Hands one image's staged rows to the run, once, and removes the file. */
    private static void stage(Path file, String imageId, Set<String> staged, Sink sink) {
        if (!staged.add(imageId)) {
            return; // a retried task wrote the same image's rows again: they are staged already
        }
        try {
            sink.rows(imageId, ParquetBytes.read(Files.readAllBytes(file), file.toString()));
            Files.deleteIfExists(file); // staged rows leave the staging folder as soon as the run holds them
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or remove the staged rows " + file + ": " + e.getMessage(), e);
        }
    }

    /** @return the executors that computed images in this engine's runs, as "id@host:port", in order of results */
    public List<String> executorsUsed() {
        return List.copyOf(executors);
    }

    /**
     * Removes staging folders left by a run whose driver was killed. Call it holding the dataset's writer
     * lock (open the dataset for writing first), so that no other run's staging is touched.
     *
     * @param dataset the dataset folder
     * @return how many leftover folders were removed
     */
    public static int removeLeftovers(Path dataset) {
        Path root = dataset.resolve(STAGING);
        if (!Files.isDirectory(root)) {
            return 0;
        }
        try (Stream<Path> runs = Files.list(root)) {
            List<Path> left = runs.toList();
            left.forEach(SparkEngine::deleteTree);
            return left.size();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
        }
    }

    /** Removes a staging folder; a file that vanishes meanwhile (staged and removed by the run) is no error. */
    private static void deleteTree(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try {
            Files.walkFileTree(folder, new java.nio.file.SimpleFileVisitor<>() {
                @Override
                public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes attrs)
                        throws IOException {
                    Files.deleteIfExists(file);
                    return java.nio.file.FileVisitResult.CONTINUE;
                }

                @Override
                public java.nio.file.FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof java.nio.file.NoSuchFileException) {
                        return java.nio.file.FileVisitResult.CONTINUE;
                    }
                    throw e;
                }

                @Override
                public java.nio.file.FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    if (e != null && !(e instanceof java.nio.file.NoSuchFileException)) {
                        throw e;
                    }
                    Files.deleteIfExists(dir);
                    return java.nio.file.FileVisitResult.CONTINUE;
                }
            });
        } catch (java.nio.file.NoSuchFileException e) {
            return; // removed meanwhile
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the staging folder " + folder + ": " + e.getMessage(), e);
        }
    }
}
