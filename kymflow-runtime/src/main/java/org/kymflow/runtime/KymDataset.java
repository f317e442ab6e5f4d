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
 * Runs indexers over a dataset and keeps their tables: indexer {@code n} owns
 * {@code tables/kym_n.parquet}, one row set per image, each row carrying {@code image_id},
 * {@code analysis_version} and {@code params_hash}, with a run marker per image and a row per run in
 * {@code tables/sys_runs.parquet}.
 *
 * <p>{@link #updateIndex} decides per image whether its rows are up to date ({@link #staleness}), computes
 * what it must on a bounded pool, stages each image's rows as it finishes, and commits the table in
 * image-id order, streamed and atomically: readers see the old table or the new one, never a mix, and
 * memory holds about one row group, not the table. Markers follow the commit, so a crash in between
 * leaves images stale, never wrongly fresh.
 */
public final class KymDataset {
    private static final Logger LOG = LoggerFactory.getLogger(KymDataset.class);
    /** The columns whose per-image value the table's footer index keeps, for staleness from one footer read. */
    static final List<String> STAMPS = List.of(Provenance.ANALYSIS_VERSION, Provenance.PARAMS_HASH);
    private static final int BATCH_PER_THREAD = 4;
    private final ZarrDataset dataset;
    /**
     * Input tables' footer indexes, read once until this object commits that table again (needed only for
     * inputs without markers, such as Python's).
     */
    private final Map<String, Map<String, ImageRows>> inputIndexes = new ConcurrentHashMap<>();
    /** Image id to file name for {@link #extractRows(BaseIndexer, String)}, read on its first call. */
    private volatile Map<String, String> engineFileNames;

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
        return staleness(indexer, Set.of());
    }

    /**
     * @param indexer the indexer, configured as it would run
     * @param images the images to look at (empty: all)
     * @return one entry per image asked, in image-id order
     * @throws IllegalArgumentException naming an unknown image
     */
    public List<ImageStaleness> staleness(BaseIndexer indexer, Set<String> images) {
        return staleness(indexer, images, new SharedReads());
    }

    private List<ImageStaleness> staleness(BaseIndexer indexer, Set<String> images, SharedReads shared) {
        String table = NamePolicy.tableName(indexer.name());
        if (shared.imageIds == null) {
            shared.imageIds = dataset.listImageIds();
        }
        List<String> ids = select(shared.imageIds, images);
        Map<String, ImageRows> index;
        try {
            index = tableIndex(table);
        } catch (ZarrException e) {
            String facts = e.getMessage() + "; 'kymflow index DATASET " + indexer.name() + " --mode replace' rebuilds it";
            return ids.stream().map(id -> new ImageStaleness(id, StalenessReason.STALE_UNREADABLE, facts, null, null, 0)).toList();
        }
        ForkJoinPool pool = newPool(indexer.name(), Runtime.getRuntime().availableProcessors());
        try {
            // one unreadable image is that image's answer, not the whole dataset's: the others are still judged
            List<Checked> checked = checkAll(pool, indexer, ids, index, true, shared);
            List<ImageStaleness> out = new ArrayList<>();
            for (Checked c : checked) {
                out.add(c.failure == null ? c.staleness : new ImageStaleness(c.imageId, StalenessReason.STALE_UNREADABLE,
                        c.failure.getCause() != null ? c.failure.getCause().getMessage() : c.failure.getMessage(), null, null, 0));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Staleness of several indexers in input order (see {@link IndexPlan}): an image whose input is stale
     * is {@link StalenessReason#STALE_INPUT_CHANGED} for every indexer that reads it, because running the
     * plan would change that input first.
     *
     * @param plan indexers, inputs before the indexers that read them
     * @param images the images to look at (empty: all)
     * @return per indexer name, one entry per image in image-id order
     */
    public Map<String, List<ImageStaleness>> staleness(List<BaseIndexer> plan, Set<String> images) {
        Map<String, Map<String, ImageStaleness>> byIndexer = new LinkedHashMap<>();
        Map<String, List<ImageStaleness>> out = new LinkedHashMap<>();
        SharedReads shared = new SharedReads(); // nothing writes during this question: each image's files are read once
        for (BaseIndexer indexer : plan) {
            List<ImageStaleness> own = staleness(indexer, images, shared);
            List<ImageStaleness> propagated = new ArrayList<>();
            for (ImageStaleness s : own) {
                ImageStaleness result = s;
                for (String input : indexer.inputs()) {
                    Map<String, ImageStaleness> upstream = byIndexer.get(input);
                    ImageStaleness in = upstream == null ? null : upstream.get(s.imageId());
                    if (s.isFresh() && in != null && !in.isFresh()) {
                        result = new ImageStaleness(s.imageId(), StalenessReason.STALE_INPUT_CHANGED,
                                "input " + input + " is stale for this image (" + in.reason() + ")", s.paramsHash(),
                                s.analysisVersion(), s.tableRows());
                        break;
                    }
                }
                propagated.add(result);
            }
            Map<String, ImageStaleness> index = new LinkedHashMap<>();
            propagated.forEach(p -> index.put(p.imageId(), p));
            byIndexer.put(indexer.name(), index);
            out.put(indexer.name(), propagated);
        }
        return out;
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
        try (Run run = new Run(indexer, options, table)) { // a failure to clean up never hides the run's own failure
            return run.execute();
        }
    }

    /** How often a run waiting for images looks at cancellation and time limits. */
    private static final long POLL_MILLIS = 100;

    /** An image's outcome in a run, decided once (see {@code Run.settle}). */
    private enum Outcome { FINISHED, GIVEN_UP }

    /** One run of one indexer. */
    private final class Run implements AutoCloseable {
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
        final Map<String, Checked> byId = new TreeMap<>();
        final Map<String, Long> computedRows = new ConcurrentHashMap<>();
        final Map<String, String> failures = new ConcurrentHashMap<>();
        final Map<String, Long> started = new ConcurrentHashMap<>();
        final Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
        private volatile Map<String, String> fileNames; // read once, on the first image computed

        /** Image id to source file name, for the indexers' context. */
        Map<String, String> files() {
            Map<String, String> known = fileNames;
            if (known == null) {
                synchronized (this) {
                    if (fileNames == null) {
                        fileNames = SourceFiles.fileNames(dataset);
                    }
                    known = fileNames;
                }
            }
            return known;
        }
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

        Run(BaseIndexer indexer, IndexOptions options, String table) {
            this.indexer = indexer;
            this.options = options;
            this.name = indexer.name();
            this.table = table;
            this.version = indexer.analysisVersion();
            this.pool = newPool(name, options.parallelism());
        }

        IndexReport execute() {
            long t0 = System.nanoTime();
            List<String> all = dataset.listImageIds();
            List<String> targets = select(all, options.images());
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
            for (Checked c : checkAll(pool, indexer, targets, index, options.keepGoing(), new SharedReads())) {
                byId.put(c.imageId, c);
                boolean due = c.failure == null && (options.mode() == UpdateMode.REPLACE || !c.staleness.isFresh());
                if (c.failure != null) {
                    fail(c.imageId, c.failure);
                } else if (due && c.inputProblem != null) {
                    if (!options.keepGoing() && refusal == null) {
                        refusal = new IndexingException(name, c.imageId, c.inputProblem, null);
                    }
                    failWith(c.imageId, c.inputProblem);
                } else if (due) {
                    toCompute.add(c.imageId);
                    if (c.staleness.isFresh()) {
                        LOG.info("{}: image {} is up to date ({}); recomputing it because the mode is replace", name,
                                c.imageId, c.staleness.reason());
                    }
                } else if (c.staleness.reason() == StalenessReason.FRESH_ZERO_ROWS) {
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
                return tableIndex(table);
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
                    Checked c = checkedFor(imageId);
                    stage(imageId, withProvenance(name, imageId, version, c.staleness.paramsHash(), rows), done, ids.size());
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

                private Checked checkedFor(String imageId) {
                    Checked c = byId.get(imageId);
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
            Checked c = byId.get(id);
            Table rows;
            try {
                RunContext context = new RunContext(name, files().get(id),
                        () -> options.cancelled().getAsBoolean() || outcomes.get(id) == Outcome.GIVEN_UP);
                rows = withProvenance(name, id, version, c.staleness.paramsHash(),
                        PluginCalls.extractRows(indexer, name, id, c.view, context));
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
                        rewrite = dataset.rewriteTable(table, STAMPS);
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
                current = rewrite != null ? rewrite : dataset.rewriteTable(table, STAMPS);
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
            inputIndexes.remove(name); // indexers that read this one must see the rows just committed
            keep.addAll(staged);
            long now = System.currentTimeMillis() * 1_000_000L;
            for (String id : staged) {
                Checked c = byId.get(id);
                writeMarker(id, new RunMarker(name, c.staleness.paramsHash(), version, computedRows.get(id), now, RunMarker.OK,
                        runId, c.fingerprint, null, null, c.inputStamps));
                committed.add(id);
            }
            // every commit is in the log at once: a run killed after it still says what it wrote
            log(report(RunStatus.UNFINISHED, images, fresh, zero), null);
            writeNs += System.nanoTime() - t0;
        }

        void writeErrorMarkers() {
            long now = System.currentTimeMillis() * 1_000_000L;
            failures.forEach((id, why) -> {
                Checked c = byId.get(id);
                writeMarker(id, new RunMarker(name, "", "", 0, now, RunMarker.ERROR, runId, c == null ? null : c.fingerprint,
                        c == null || c.staleness == null ? null : c.staleness.paramsHash(), why, Map.of()));
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

    /**
     * Checks what the runs left against the tables: every image with rows in a {@code kym_} table must have
     * a valid run marker for that indexer, since without one its rows count as stale (see
     * {@link StalenessReason#STALE_MARKER_TABLE_MISMATCH}). Reads footers and markers only.
     *
     * @return the problems, each naming the image, the table and what to run; empty when they agree
     */
    public List<String> validateAnalyses() {
        List<String> problems = new ArrayList<>();
        for (String table : dataset.listTableNames()) {
            if (!table.startsWith(NamePolicy.TABLE_PREFIX)) {
                continue;
            }
            String indexer = table.substring(NamePolicy.TABLE_PREFIX.length());
            Map<String, ImageRows> index;
            try {
                index = dataset.tableImageIndex(table, STAMPS);
            } catch (ZarrException | IllegalArgumentException e) {
                continue; // an unreadable table is the storage check's problem, reported there
            }
            for (Map.Entry<String, ImageRows> e : new TreeMap<>(index).entrySet()) {
                ZarrImageRecord record;
                try {
                    record = dataset.record(e.getKey());
                } catch (ZarrException notThere) {
                    continue; // rows of a removed image: dropped by the next run
                }
                if (loadMarker(record, record.listAnalysisKeys(), indexer).isEmpty()) {
                    problems.add("image " + e.getKey() + ": " + e.getValue().rowCount() + " rows in tables/" + table
                            + ".parquet but no valid run marker analysis/" + RunMarker.artifactName(indexer) + ".json; they"
                            + " count as stale and 'kymflow index " + indexer + "' recomputes them");
                }
            }
        }
        return problems;
    }

    /**
     * Computes one image's rows as a run computes them (the indexer's {@code extractRows} on a read-only
     * view of the image, its contract checked), without writing anything: what a distributed engine runs
     * next to the data (see {@link ExtractionEngine}). Works on a dataset opened read-only.
     *
     * @param indexer the indexer, configured as the run that asked
     * @param imageId the image
     * @return the rows, without provenance columns
     * @throws IndexingException naming the image and cause when the indexer fails or breaks its contract
     */
    public Table extractRows(BaseIndexer indexer, String imageId) {
        ZarrImageRecord record = dataset.record(imageId);
        ZarrRecordView view = new ZarrRecordView(record, dataset, indexer.name(), indexer.inputs());
        Map<String, String> files = engineFileNames;
        if (files == null) {
            files = SourceFiles.fileNames(dataset); // once per dataset object: an engine calls this per image
            engineFileNames = files;
        }
        return PluginCalls.extractRows(indexer, indexer.name(), imageId, view, new RunContext(indexer.name(), files.get(imageId),
                () -> false));
    }

    /** One image's staleness check, or the failure of the indexer while checking it. */
    private record Checked(String imageId, ZarrRecordView view, ImageStaleness staleness, String fingerprint,
                           Map<String, String> inputStamps, String inputProblem, IndexingException failure) {
    }

    /**
     * What the checks of several indexers read of one image (its pixel fingerprint, its analysis files, its
     * metadata, its run markers), read once per staleness question rather than once per indexer. Only for
     * the length of one question in which nothing is written.
     */
    private static final class SharedReads {
        List<String> imageIds; // listed by the first indexer's check
        final Map<String, ZarrImageRecord> records = new java.util.concurrent.ConcurrentHashMap<>();
        final Map<String, String> fingerprints = new java.util.concurrent.ConcurrentHashMap<>();
        final Map<String, List<String>> analysisKeys = new java.util.concurrent.ConcurrentHashMap<>();
        final Map<String, Map<String, Object>> metadata = new java.util.concurrent.ConcurrentHashMap<>();
        final Map<String, Optional<RunMarker>> markers = new java.util.concurrent.ConcurrentHashMap<>();
    }

    private List<Checked> checkAll(ForkJoinPool pool, BaseIndexer indexer, List<String> ids, Map<String, ImageRows> index,
                                   boolean keepGoing, SharedReads shared) {
        List<Future<Checked>> futures = new ArrayList<>();
        for (String id : ids) {
            futures.add(pool.submit(() -> check(indexer, id, index.get(id), keepGoing, shared)));
        }
        List<Checked> out = new ArrayList<>();
        for (int i = 0; i < futures.size(); i++) {
            try {
                out.add(futures.get(i).get());
            } catch (ExecutionException e) {
                futures.forEach(f -> f.cancel(true));
                Throwable cause = e.getCause();
                if (cause instanceof IndexingException ie) {
                    throw ie;
                }
                throw new IndexingException(indexer.name(), ids.get(i), String.valueOf(cause), cause);
            } catch (InterruptedException e) {
                futures.forEach(f -> f.cancel(true));
                Thread.currentThread().interrupt();
                throw new IndexingException(indexer.name(), null, "interrupted", e);
            }
        }
        return out;
    }

    /**
     * Decides one image's staleness; an image whose own files cannot be read (a corrupt {@code .zarray} or
     * metadata) is that image's failure, naming the file, rather than the whole question's.
     */
    private Checked check(BaseIndexer indexer, String id, ImageRows rows, boolean keepGoing, SharedReads shared) {
        try {
            return checkReadable(indexer, id, rows, keepGoing, shared);
        } catch (ZarrException | IllegalArgumentException | java.io.UncheckedIOException e) {
            IndexingException failure = new IndexingException(indexer.name(), id, e.getMessage(), e);
            if (!keepGoing) {
                throw failure;
            }
            return new Checked(id, null, null, null, Map.of(), null, failure);
        }
    }

    /** Decides one image's staleness: the first reason that applies, in {@link StalenessReason}'s order. */
    private Checked checkReadable(BaseIndexer indexer, String id, ImageRows rows, boolean keepGoing, SharedReads shared) {
        String name = indexer.name();
        ZarrImageRecord record = shared.records.computeIfAbsent(id, dataset::record);
        ZarrRecordView view = new ZarrRecordView(record, dataset, name, indexer.inputs(),
                shared.metadata.computeIfAbsent(id, k -> ZarrRecordView.loadMetadata(record)));
        String hash;
        try {
            hash = PluginCalls.paramsHash(indexer, name, id, view);
        } catch (IndexingException e) {
            if (!keepGoing) {
                throw e;
            }
            return new Checked(id, view, null, null, Map.of(), null, e);
        }
        String version = indexer.analysisVersion();
        long tableRows = rows == null ? 0 : rows.rowCount();
        List<String> analysisKeys = shared.analysisKeys.computeIfAbsent(id, k -> record.listAnalysisKeys());
        Optional<RunMarker> marker = shared.markers.computeIfAbsent(id + "/" + name, k -> loadMarker(record, analysisKeys, name));
        if (marker.isEmpty() && hasMarker(analysisKeys, name)) {
            LOG.warn("{}: image {} has an invalid run marker analysis/{}.json; it is treated as missing", name, id,
                    RunMarker.artifactName(name));
        }
        String fingerprint = shared.fingerprints.computeIfAbsent(id, k -> record.pixelsFingerprint());
        Map<String, String> inputStamps = inputStamps(record, analysisKeys, indexer.inputs(), shared);
        StalenessReason reason;
        String facts;
        String storedVersion = rows == null ? marker.map(RunMarker::analysisVersion).orElse(null) : rows.stamps().get(Provenance.ANALYSIS_VERSION);
        String storedHash = rows == null ? marker.map(RunMarker::paramsHash).orElse(null) : rows.stamps().get(Provenance.PARAMS_HASH);
        if (marker.isPresent() && marker.get().isError() && Objects.equals(marker.get().attemptedParamsHash(), hash)) {
            reason = StalenessReason.STALE_FAILED;
            facts = "the last attempt failed: " + marker.get().error();
        } else if (rows == null && marker.isEmpty()) {
            reason = StalenessReason.STALE_MISSING;
            facts = "no rows and no marker";
        } else if (storedVersion != null && !storedVersion.isEmpty() && !version.equals(storedVersion)) {
            reason = StalenessReason.STALE_VERSION_CHANGED;
            facts = "made by " + storedVersion + ", now " + version;
        } else if (storedHash != null && !storedHash.isEmpty() && !hash.equals(storedHash)) {
            reason = StalenessReason.STALE_PARAMS_CHANGED;
            facts = "params hash " + abbreviate(storedHash) + " stored, " + abbreviate(hash) + " now";
        } else if (rows == null && !marker.get().matches(hash, version)) {
            reason = StalenessReason.STALE_MISSING;
            facts = "no rows, and the marker is not for the current params";
        } else if (marker.isPresent() && marker.get().pixelsFingerprint() != null && !marker.get().pixelsFingerprint().equals(fingerprint)) {
            reason = StalenessReason.STALE_PIXELS_CHANGED;
            facts = "pixels " + abbreviate(marker.get().pixelsFingerprint()) + " then, " + abbreviate(fingerprint) + " now";
        } else if (marker.isEmpty()) {
            // without a marker nothing says which pixels, inputs or run the rows were made from (a deleted or
            // truncated marker, a kill between the table's rename and its markers): never taken as fresh
            reason = StalenessReason.STALE_MARKER_TABLE_MISMATCH;
            facts = tableRows + " rows in the table but no valid run marker analysis/" + RunMarker.artifactName(name)
                    + ".json saying what they were made from";
        } else if (!indexer.inputs().isEmpty() && !marker.get().inputs().equals(inputStamps)) {
            reason = StalenessReason.STALE_INPUT_CHANGED;
            facts = "inputs " + marker.get().inputs() + " then, " + inputStamps + " now";
        } else if (!marker.get().matches(hash, version) || marker.get().rowCount() != tableRows) {
            reason = StalenessReason.STALE_MARKER_TABLE_MISMATCH;
            facts = "marker says " + marker.get().rowCount() + " rows (" + marker.get().status() + "), the table holds " + tableRows;
        } else if (rows == null) {
            reason = StalenessReason.FRESH_ZERO_ROWS;
            facts = "the marker says the analysis found nothing";
        } else {
            reason = StalenessReason.FRESH_ROWS;
            facts = tableRows + " rows with the current params and version";
        }
        return new Checked(id, view, new ImageStaleness(id, reason, facts, hash, version, tableRows), fingerprint, inputStamps,
                inputProblem(record, analysisKeys, indexer.inputs(), inputStamps, fingerprint, shared), null);
    }

    /**
     * What identifies each input's current results for an image: its marker's run id, or, for results
     * without one (Python's), their version, params hash and row count; "none" when it has no results.
     */
    private Map<String, String> inputStamps(ZarrImageRecord record, List<String> analysisKeys, List<String> inputs,
                                           SharedReads shared) {
        Map<String, String> out = new TreeMap<>();
        for (String input : inputs) {
            Optional<RunMarker> marker = shared.markers.computeIfAbsent(record.imageId() + "/" + input,
                    k -> loadMarker(record, analysisKeys, input));
            if (marker.isPresent() && marker.get().runId() != null && !marker.get().isError()) {
                out.put(input, marker.get().runId());
            } else {
                ImageRows rows = inputIndexes.computeIfAbsent(input, this::tableIndexOrEmpty).get(record.imageId());
                out.put(input, rows == null ? "none" : rows.stamps().get(Provenance.ANALYSIS_VERSION) + ":"
                        + rows.stamps().get(Provenance.PARAMS_HASH) + ":" + rows.rowCount());
            }
        }
        return out;
    }

    /**
     * Why an image's inputs cannot be read as they stand, or null: an input with no results for it, or with
     * results its marker says were made from other pixels. A derived analysis computed from them would be
     * a wrong number; runs resolve inputs first ({@link IndexPlan}), and a run that did not is refused here.
     */
    private static String inputProblem(ZarrImageRecord record, List<String> analysisKeys, List<String> inputs,
                                       Map<String, String> inputStamps, String fingerprint, SharedReads shared) {
        for (String input : inputs) {
            if ("none".equals(inputStamps.get(input))) {
                return "its input '" + input + "' has no results for this image; run " + input + " first (a plan from"
                        + " IndexPlan.resolve, as 'kymflow index' uses, runs inputs first)";
            }
            Optional<RunMarker> marker = shared.markers.computeIfAbsent(record.imageId() + "/" + input,
                    k -> loadMarker(record, analysisKeys, input));
            if (marker.isPresent() && marker.get().pixelsFingerprint() != null
                    && !marker.get().pixelsFingerprint().equals(fingerprint)) {
                return "its input '" + input + "' was computed from other pixels than the image has now; run " + input
                        + " first";
            }
        }
        return null;
    }

    private static boolean hasMarker(List<String> analysisKeys, String indexer) {
        return analysisKeys.contains(RunMarker.artifactName(indexer) + ".json");
    }

    /** The indexer's run marker for the image; empty when there is none or it cannot be read or parsed. */
    private static Optional<RunMarker> loadMarker(ZarrImageRecord record, List<String> analysisKeys, String indexer) {
        if (!hasMarker(analysisKeys, indexer)) {
            return Optional.empty();
        }
        try {
            return RunMarker.parse(record.loadJson(RunMarker.artifactName(indexer)));
        } catch (ZarrException e) {
            LOG.warn("{}: {}", indexer, e.getMessage()); // unreadable JSON: the same as an invalid marker
            return Optional.empty();
        }
    }

    private Map<String, ImageRows> tableIndexOrEmpty(String indexer) {
        return tableIndex(NamePolicy.tableName(indexer));
    }

    private static String abbreviate(String hash) {
        return hash.length() > 12 ? hash.substring(0, 12) : hash;
    }

    private Map<String, ImageRows> tableIndex(String table) {
        return dataset.hasTable(table) ? dataset.tableImageIndex(table, STAMPS) : Map.of();
    }

    /** The asked images in id order; unknown ones are an error naming them and how many images there are. */
    private static List<String> select(List<String> all, Set<String> asked) {
        if (asked.isEmpty()) {
            return all;
        }
        Set<String> known = new HashSet<>(all);
        List<String> unknown = asked.stream().filter(id -> !known.contains(id)).sorted().toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("no image " + String.join(", ", unknown) + " in the dataset (" + all.size() + " images)");
        }
        return all.stream().filter(asked::contains).toList();
    }

    /**
     * A pool of exactly this many workers: an indexer's own parallel streams run in it too (a parallel stream
     * started from a pool worker forks into that pool), so the run uses no more cores than asked.
     */
    private static ForkJoinPool newPool(String name, int parallelism) {
        AtomicInteger n = new AtomicInteger();
        return new ForkJoinPool(parallelism, p -> {
            ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
            t.setName("kymflow-" + name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, null, false);
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
