package org.kymflow.runtime;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.kymflow.api.BaseIndexer;
import org.kymflow.api.Provenance;
import org.kymflow.table.Table;
import org.kymflow.zarr.ImageRows;
import org.kymflow.zarr.ZarrDatasetReader;
import org.kymflow.zarr.ZarrException;
import org.kymflow.zarr.ZarrImageReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether each image's results for an indexer are up to date, and why (DESIGN 4.6), judged from a dataset
 * opened for reading: the table's footer index, each image's run markers and metadata, and its pixel
 * fingerprint (compared by file signature, so no pixel is read for images whose chunk files are unchanged).
 * The reasons are {@link StalenessRule}s asked in order. A viewer, a status command and a run all ask here;
 * a run ({@link KymDataset}) asks with the writer it holds.
 */
public final class Staleness {
    private static final Logger LOG = LoggerFactory.getLogger(Staleness.class);
    /** The columns whose per-image value the table's footer index keeps, for staleness from one footer read. */
    static final List<String> STAMPS = List.of(Provenance.ANALYSIS_VERSION, Provenance.PARAMS_HASH);
    private final ZarrDatasetReader dataset;
    /**
     * Input tables' footer indexes, read once until this object commits that table again (needed only for
     * inputs without markers, such as Python's).
     */
    final Map<String, Map<String, ImageRows>> inputIndexes = new ConcurrentHashMap<>();
    /** Image id to file name for {@link #extractRows(BaseIndexer, String)}, read on its first call. */
    private final FileNameLookup engineFileNames;

    /**
     * @param dataset the dataset, open for reading (a writer is a reader too)
     */
    public Staleness(ZarrDatasetReader dataset) {
        this.dataset = Objects.requireNonNull(dataset, "dataset");
        this.engineFileNames = new FileNameLookup(dataset);
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
                ZarrImageReader record;
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
        ZarrImageReader record = dataset.record(imageId);
        ZarrRecordView view = new ZarrRecordView(record, dataset, indexer.name(), indexer.inputs());
        return PluginCalls.extractRows(indexer, indexer.name(), imageId, view, new RunContext(indexer.name(),
                engineFileNames.fileName(imageId),
                () -> false));
    }

    /** One image's staleness check, or the failure of the indexer while checking it. */
    record Checked(String imageId, ZarrRecordView view, ImageStaleness staleness, String fingerprint,
                           Map<String, String> inputStamps, String inputProblem, IndexingException failure) {
    }

    /**
     * What the checks of several indexers read of one image (its pixel fingerprint, its analysis files, its
     * metadata, its run markers), read once per staleness question rather than once per indexer. Only for
     * the length of one question in which nothing is written.
     */
    static final class SharedReads {
        List<String> imageIds; // listed by the first indexer's check
        final Map<String, ZarrImageReader> records = new java.util.concurrent.ConcurrentHashMap<>();
        final Map<String, String> fingerprints = new java.util.concurrent.ConcurrentHashMap<>();
        final Map<String, List<String>> analysisKeys = new java.util.concurrent.ConcurrentHashMap<>();
        final Map<String, Map<String, Object>> metadata = new java.util.concurrent.ConcurrentHashMap<>();
        final Map<String, Optional<RunMarker>> markers = new java.util.concurrent.ConcurrentHashMap<>();
    }

    List<Checked> checkAll(ForkJoinPool pool, BaseIndexer indexer, List<String> ids, Map<String, ImageRows> index,
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

    /** Decides one image's staleness: the first {@link StalenessRule} that applies. */
    private Checked checkReadable(BaseIndexer indexer, String id, ImageRows rows, boolean keepGoing, SharedReads shared) {
        String name = indexer.name();
        ZarrImageReader record = shared.records.computeIfAbsent(id, dataset::record);
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
        List<String> analysisKeys = shared.analysisKeys.computeIfAbsent(id, k -> record.listAnalysisKeys());
        Optional<RunMarker> marker = shared.markers.computeIfAbsent(id + "/" + name, k -> loadMarker(record, analysisKeys, name));
        if (marker.isEmpty() && hasMarker(analysisKeys, name)) {
            LOG.warn("{}: image {} has an invalid run marker analysis/{}.json; it is treated as missing", name, id,
                    RunMarker.artifactName(name));
        }
        String fingerprint = shared.fingerprints.computeIfAbsent(id, k -> record.pixelsFingerprint());
        Map<String, String> inputStamps = inputStamps(record, analysisKeys, indexer.inputs(), shared);
        ImageStaleness judged = StalenessRule.judge(id, new StalenessRule.Evidence(name, !indexer.inputs().isEmpty(), rows, marker,
                hash, version, fingerprint, inputStamps));
        return new Checked(id, view, judged, fingerprint, inputStamps,
                inputProblem(record, analysisKeys, indexer.inputs(), inputStamps, fingerprint, shared), null);
    }

    /**
     * What identifies each input's current results for an image: its marker's run id, or, for results
     * without one (Python's), their version, params hash and row count; "none" when it has no results.
     */
    private Map<String, String> inputStamps(ZarrImageReader record, List<String> analysisKeys, List<String> inputs,
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
    private static String inputProblem(ZarrImageReader record, List<String> analysisKeys, List<String> inputs,
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
    private static Optional<RunMarker> loadMarker(ZarrImageReader record, List<String> analysisKeys, String indexer) {
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

    Map<String, ImageRows> tableIndex(String table) {
        return dataset.hasTable(table) ? dataset.tableImageIndex(table, STAMPS) : Map.of();
    }

    /** The asked images in id order; unknown ones are an error naming them and how many images there are. */
    static List<String> select(List<String> all, Set<String> asked) {
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
    static ForkJoinPool newPool(String name, int parallelism) {
        AtomicInteger n = new AtomicInteger();
        return new ForkJoinPool(parallelism, p -> {
            ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
            t.setName("kymflow-" + name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, null, false);
    }
}
