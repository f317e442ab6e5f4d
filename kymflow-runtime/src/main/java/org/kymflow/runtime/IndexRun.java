package org.kymflow.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.kymflow.api.BaseIndexer;
import org.kymflow.api.Provenance;
import org.kymflow.table.Column;
import org.kymflow.table.ColumnType;
import org.kymflow.table.Field;
import org.kymflow.table.Schema;
import org.kymflow.table.Table;
import org.kymflow.zarr.ImageRows;
import org.kymflow.zarr.OpenMode;
import org.kymflow.zarr.ReadOnlyDatasetException;
import org.kymflow.zarr.TableRewrite;
import org.kymflow.zarr.ZarrDataset;
import org.kymflow.zarr.ZarrException;
import org.kymflow.zarr.ZarrImageRecord;
import org.kymflow.zarr.store.WriteMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of one indexer over a dataset (see {@link KymDataset#updateIndex(BaseIndexer, IndexOptions)}): plans
 * it from each image's staleness, computes the stale images on a bounded pool (or hands them to an
 * engine), stages and commits their rows, writes their markers, and logs the run.
 */
final class IndexRun implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KymDataset.class);
    private final KymDataset kym;
    private final ZarrDataset dataset;
    /** How often a run waiting for images looks at cancellation and time limits. */
    static final long POLL_MILLIS = 100;
    /** Images per thread in one batch: enough to keep the pool busy, few enough to commit and stop promptly. */
    private static final int BATCH_PER_THREAD = 4;

    /** An image's outcome in a run, decided once (see {@link #settle}). */
    enum Outcome { FINISHED, GIVEN_UP }

    /** Staging holds the read side; the end of the run holds the write side, so it waits for stages in progress. */
    private final java.util.concurrent.locks.ReadWriteLock staging = new java.util.concurrent.locks.ReentrantReadWriteLock();
    private boolean ended; // guarded by staging
    final BaseIndexer indexer;
    final IndexOptions options;
    final String name;
    final String table;
    final String runId = UUID.randomUUID().toString();
    final long startedNs = System.currentTimeMillis() * 1_000_000L;
    final ForkJoinPool pool;
    final Map<String, Staleness.Checked> byId = new TreeMap<>();
    final Map<String, Long> computedRows = new ConcurrentHashMap<>();
    final Map<String, String> failures = new ConcurrentHashMap<>();
    final Map<String, Long> started = new ConcurrentHashMap<>();
    final Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
    final FileNameLookup files; // one sources read per run, so images ingested since are named
    final Set<String> committed = new TreeSet<>();
    final AtomicLong rowsWritten = new AtomicLong();
    final String version;
    Set<String> keep;
    Optional<String> tableVersion;
    TableRewrite rewrite;
    boolean interrupted;
    int dropped;
    int images;
    int fresh;
    int zero;
    long stalenessNs;
    long extractNs;
    long writeNs;

    IndexRun(KymDataset kym, BaseIndexer indexer, IndexOptions options, String table) {
        this.kym = kym;
        this.dataset = kym.dataset();
        this.files = new FileNameLookup(dataset);
        this.indexer = indexer;
        this.options = options;
        this.name = indexer.name();
        this.table = table;
        this.version = indexer.analysisVersion();
        this.pool = Staleness.newPool(name, options.parallelism());
    }

    IndexReport execute() {
        long t0 = System.nanoTime();
        List<String> all = dataset.listImageIds();
        List<String> targets = Staleness.select(all, options.images());
        Map<String, ImageRows> index = readableIndex(targets.size() == all.size());
        tableVersion = dataset.tableVersion(table);
        Set<String> present = new HashSet<>(all);
        keep = new TreeSet<>();
        for (String id : index.keySet()) {
            if (present.contains(id)) {
                keep.add(id);
            } else {
                dropped++;
            }
        }
        List<String> toCompute = new ArrayList<>();
        IndexingException refusal = null;
        images = targets.size();
        for (Staleness.Checked c : kym.judge.checkAll(pool, indexer, targets, index, options.keepGoing(), new Staleness.SharedReads())) {
            byId.put(c.imageId(), c);
            boolean due = c.failure() == null && (options.mode() == UpdateMode.REPLACE || !c.staleness().isFresh());
            if (c.failure() != null) {
                fail(c.imageId(), c.failure());
            } else if (due && c.inputProblem() != null) {
                if (!options.keepGoing() && refusal == null) {
                    refusal = new IndexingException(name, c.imageId(), c.inputProblem(), null);
                }
                failWith(c.imageId(), c.inputProblem());
            } else if (due) {
                toCompute.add(c.imageId());
                if (c.staleness().isFresh()) {
                    LOG.info("{}: image {} is up to date ({}); recomputing it because the mode is replace", name,
                            c.imageId(), c.staleness().reason());
                }
            } else if (c.staleness().reason() == StalenessReason.FRESH_ZERO_ROWS) {
                zero++;
            } else {
                fresh++;
            }
        }
        stalenessNs = System.nanoTime() - t0;
        String error = null;
        try {
            if (refusal != null) {
                failures.clear(); // nothing ran: no image gets an error marker for a run that was refused
                throw refusal;
            }
            compute(toCompute);
            boolean staged = rewrite != null && !rewrite.stagedImageIds().isEmpty();
            if (staged || dropped > 0 && committed.isEmpty()) {
                commit(); // also when interrupted: what finished is kept
            }
            writeErrorMarkers();
        } catch (IndexingException e) {
            error = e.getMessage();
            log(report(RunStatus.FAILED, targets.size(), fresh, zero), error);
            throw e;
        }
        RunStatus status = interrupted ? RunStatus.INTERRUPTED : failures.isEmpty() ? RunStatus.OK : RunStatus.PARTIAL;
        IndexReport report = report(status, targets.size(), fresh, zero);
        log(report, error);
        LOG.info("{}", report.summary());
        return report;
    }

    /**
     * The table's per-image index. An unreadable table is rebuilt by a replace run over every image (it
     * needs none of the old rows: the broken file is set aside first); any other run refuses it, saying so.
     */
    Map<String, ImageRows> readableIndex(boolean everyImage) {
        try {
            return kym.judge.tableIndex(table);
        } catch (ZarrException e) {
            if (options.mode() != UpdateMode.REPLACE || !everyImage) {
                throw new IndexingException(name, null, e.getMessage() + "; a replace run over every image rebuilds"
                        + " the table from the pixels ('kymflow index DATASET " + name + " --mode replace')", e);
            }
            String aside = dataset.setTableAside(table, "unreadable");
            LOG.warn("{}: {}; kept as {}, and every image is computed again", name, e.getMessage(), aside);
            return Map.of();
        }
    }

    /** Hands the stale images to the run's engine, and stages what it returns as its own work is staged. */
    void computeElsewhere(List<String> ids) {
        long t0 = System.nanoTime();
        AtomicInteger done = new AtomicInteger();
        Set<String> asked = new HashSet<>(ids); // looked up once per image the engine returns
        options.engine().extract(ids, new ExtractionEngine.Sink() {
            @Override
            public void rows(String imageId, Table rows) {
                Staleness.Checked c = checkedFor(imageId);
                stage(imageId, ProvenanceColumns.stamp(name, imageId, version, c.staleness().paramsHash(), rows), done, ids.size());
            }

            @Override
            public void failed(String imageId, String why) {
                checkedFor(imageId);
                if (!options.keepGoing()) {
                    throw new IndexingException(name, imageId, why, null);
                }
                failWith(imageId, why);
                options.progress().imageDone(done.incrementAndGet(), ids.size(), imageId);
            }

            private Staleness.Checked checkedFor(String imageId) {
                Staleness.Checked c = byId.get(imageId);
                if (c == null || !asked.contains(imageId)) {
                    throw new IndexingException(name, imageId, "the engine " + options.engine().description()
                            + " returned an image this run did not ask for", null);
                }
                return c;
            }
        });
        extractNs += System.nanoTime() - t0;
    }

    /** Computes images in batches; between batches, commits when the interval has passed, and stops when cancelled. */
    void compute(List<String> ids) {
        if (options.engine() != null) {
            computeElsewhere(ids);
            return;
        }
        int batch = Math.max(1, options.parallelism() * BATCH_PER_THREAD);
        long lastCommit = System.nanoTime();
        AtomicInteger done = new AtomicInteger();
        for (int from = 0; from < ids.size(); from += batch) {
            if (options.cancelled().getAsBoolean()) {
                interrupted = true;
                return;
            }
            List<String> slice = ids.subList(from, Math.min(ids.size(), from + batch));
            long t0 = System.nanoTime();
            List<Future<?>> futures = new ArrayList<>();
            for (String id : slice) {
                futures.add(pool.submit(() -> computeOne(id, done, ids.size())));
            }
            awaitBatch(slice, futures, done, ids.size());
            extractNs += System.nanoTime() - t0;
            if (interrupted) {
                return;
            }
            boolean more = from + batch < ids.size();
            boolean staged = rewrite != null && !rewrite.stagedImageIds().isEmpty();
            if (more && staged && System.nanoTime() - lastCommit > options.commitInterval().toNanos()) {
                commit();
                lastCommit = System.nanoTime();
            }
        }
    }

    void computeOne(String id, AtomicInteger done, int total) {
        if (options.cancelled().getAsBoolean()) {
            interrupted = true;
            return;
        }
        started.put(id, System.nanoTime());
        Staleness.Checked c = byId.get(id);
        Table rows;
        try {
            RunContext context = new RunContext(name, files.fileName(id),
                    () -> options.cancelled().getAsBoolean() || outcomes.get(id) == Outcome.GIVEN_UP);
            rows = ProvenanceColumns.stamp(name, id, version, c.staleness().paramsHash(),
                    PluginCalls.extractRows(indexer, name, id, c.view(), context));
        } catch (IndexingException e) {
            if (!settle(id, Outcome.FINISHED)) {
                return; // given up on already (too slow, or the run stopped): its own failure is not reported
            }
            if (!options.keepGoing()) {
                throw e;
            }
            fail(id, e);
            options.progress().imageDone(done.incrementAndGet(), total, id);
            return;
        }
        if (settle(id, Outcome.FINISHED)) {
            stage(id, rows, done, total);
        }
    }

    /**
     * Decides an image's outcome once: its thread finishing and the run giving up on it (past the time
     * limit, or when the run stops) race, and only the first counts, so an image given up on is never
     * staged later, and one staged is never reported as given up on.
     */
    boolean settle(String id, Outcome outcome) {
        return outcomes.putIfAbsent(id, outcome) == null;
    }

    /**
     * Waits for a batch, polling: a run asked to stop (Ctrl-C, SIGTERM, a plugin's {@code System.exit})
     * gives up on the images still computing and commits what finished, and an image past the time
     * limit is given up on and fails, without waiting for code that may never return.
     */
    void awaitBatch(List<String> slice, List<Future<?>> futures, AtomicInteger done, int total) {
        Duration limit = options.imageTimeout();
        int i = 0;
        while (i < futures.size()) {
            try {
                futures.get(i).get(POLL_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
                i++;
                continue;
            } catch (java.util.concurrent.CancellationException e) {
                i++; // given up on below
                continue;
            } catch (java.util.concurrent.TimeoutException e) {
                // still computing: see whether to stop waiting for it
            } catch (ExecutionException e) {
                futures.forEach(f -> f.cancel(true));
                Throwable cause = e.getCause();
                if (cause instanceof IndexingException ie) {
                    throw ie;
                }
                throw new IndexingException(name, slice.get(i), String.valueOf(cause), cause);
            } catch (InterruptedException e) {
                futures.forEach(f -> f.cancel(true));
                Thread.currentThread().interrupt();
                throw new IndexingException(name, null, "interrupted", e);
            }
            if (options.cancelled().getAsBoolean()) {
                for (int j = i; j < futures.size(); j++) {
                    if (settle(slice.get(j), Outcome.GIVEN_UP)) {
                        futures.get(j).cancel(true);
                    }
                }
                interrupted = true;
                return;
            }
            if (limit != null) {
                long now = System.nanoTime();
                for (int j = i; j < futures.size(); j++) {
                    String id = slice.get(j);
                    Long since = started.get(id);
                    if (since != null && now - since > limit.toNanos() && settle(id, Outcome.GIVEN_UP)) {
                        futures.get(j).cancel(true);
                        String why = "took longer than the time limit of " + limit.toSeconds() + " s per image;"
                                + " its thread was interrupted";
                        if (!options.keepGoing()) {
                            futures.forEach(f -> f.cancel(true));
                            throw new IndexingException(name, id, why, null);
                        }
                        failWith(id, why);
                        options.progress().imageDone(done.incrementAndGet(), total, id);
                    }
                }
            }
        }
    }

    /** Stages one image's rows (with provenance) for the commit. */
    void stage(String id, Table rows, AtomicInteger done, int total) {
        staging.readLock().lock();
        try {
            if (ended) {
                return; // the run failed while this image computed on another thread: nothing more is staged
            }
            synchronized (this) {
                if (rewrite == null) {
                    rewrite = dataset.rewriteTable(table, Staleness.STAMPS);
                }
            }
            rewrite.put(id, rows);
        } finally {
            staging.readLock().unlock();
        }
        computedRows.put(id, (long) rows.rowCount());
        rowsWritten.addAndGet(rows.rowCount());
        options.progress().imageDone(done.incrementAndGet(), total, id);
    }

    void fail(String id, IndexingException e) {
        failWith(id, e.causeDescription());
    }

    /** Records an image that failed for good: it keeps its old rows, and its marker will say why. */
    void failWith(String id, String why) {
        failures.put(id, why);
        LOG.warn("{}: image {} failed and keeps its old rows: {}", name, id, why);
    }

    /** Commits what is staged, then writes its markers (after the commit: a crash in between leaves images stale). */
    void commit() {
        long t0 = System.nanoTime();
        if (!dataset.tableVersion(table).equals(tableVersion)) {
            // someone else wrote the table since we read it: committing would silently drop their change
            throw new IndexingException(name, null, "table " + table + " changed during the run, not through this run"
                    + " (another program or a plugin wrote it); nothing was committed; run again", null);
        }
        TableRewrite current;
        synchronized (this) {
            current = rewrite != null ? rewrite : dataset.rewriteTable(table, Staleness.STAMPS);
            rewrite = null;
        }
        Set<String> staged = new TreeSet<>(current.stagedImageIds());
        try (current) {
            Set<String> kept = new HashSet<>(keep);
            kept.removeAll(staged);
            current.commit(kept);
        } catch (IllegalArgumentException e) {
            throw new IndexingException(name, null, "images returned clashing columns: " + e.getMessage(), e);
        }
        tableVersion = dataset.tableVersion(table);
        kym.judge.inputIndexes.remove(name); // indexers that read this one must see the rows just committed
        keep.addAll(staged);
        long now = System.currentTimeMillis() * 1_000_000L;
        for (String id : staged) {
            Staleness.Checked c = byId.get(id);
            writeMarker(id, new RunMarker(name, c.staleness().paramsHash(), version, computedRows.get(id), now, RunMarker.OK,
                    runId, c.fingerprint(), null, null, c.inputStamps()));
            committed.add(id);
        }
        // every commit is in the log at once: a run killed after it still says what it wrote
        log(report(RunStatus.UNFINISHED, images, fresh, zero), null);
        writeNs += System.nanoTime() - t0;
    }

    void writeErrorMarkers() {
        long now = System.currentTimeMillis() * 1_000_000L;
        failures.forEach((id, why) -> {
            Staleness.Checked c = byId.get(id);
            writeMarker(id, new RunMarker(name, "", "", 0, now, RunMarker.ERROR, runId, c == null ? null : c.fingerprint(),
                    c == null || c.staleness() == null ? null : c.staleness().paramsHash(), why, Map.of()));
        });
    }

    void writeMarker(String id, RunMarker marker) {
        // markers can be recreated (a lost one only makes its image stale), so they are not forced to disk
        dataset.record(id).saveJson(RunMarker.artifactName(name), marker.toJson(), WriteMode.ATOMIC);
    }

    IndexReport report(RunStatus status, int images, int fresh, int zero) {
        return new IndexReport(name, table, options.mode(), version, runId, status, images, committed.size(), fresh, zero,
                failures, dropped, rowsWritten.get(), Duration.ofNanos(stalenessNs), Duration.ofNanos(extractNs),
                Duration.ofNanos(writeNs));
    }

    void log(IndexReport report, String error) {
        RunLog.append(dataset, report, options, options.engine() == null ? "local" : options.engine().description(), startedNs, System.currentTimeMillis() * 1_000_000L, error);
    }

    /**
     * Discards what was staged and not committed. A failed run ends while images may still be computing
     * on other threads (a cancelled task runs on, and an engine's threads may still hand back rows), so
     * it first waits for any image being staged and stops later ones, and only then removes the staging
     * folder: removing it under a writer failed, and that failure hid the run's own.
     */
    @Override
    public void close() {
        pool.shutdownNow();
        staging.writeLock().lock();
        try {
            ended = true;
            if (rewrite != null) {
                rewrite.close();
            }
        } finally {
            staging.writeLock().unlock();
        }
    }
}
