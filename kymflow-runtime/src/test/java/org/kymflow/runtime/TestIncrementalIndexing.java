package org.kymflow.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kymflow.api.Roi;
import org.kymflow.table.ColumnType;
import org.kymflow.table.Field;
import org.kymflow.table.Schema;
import org.kymflow.table.Table;
import org.kymflow.zarr.NdArray;
import org.kymflow.zarr.OpenMode;
import org.kymflow.zarr.ZarrDataset;
import org.kymflow.zarr.ZarrImageRecord;

/** Incremental runs, every staleness reason, markers in Python's format, keep-going and interruption. */
class TestIncrementalIndexing {
    @TempDir
    Path tmp;
    ZarrDataset ds;
    List<String> ids;

    private static final Schema ROWS = Schema.of(Field.of("roi_id", ColumnType.INT), Field.of("sum", ColumnType.DOUBLE));

    @BeforeEach
    void makeDataset() {
        ds = ZarrDataset.open(tmp.resolve("d.zarr"), OpenMode.WRITE);
        List<String> made = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            made.add(addImage(k));
        }
        ids = made.stream().sorted().toList();
    }

    @org.junit.jupiter.api.AfterEach
    void close() {
        ds.close();
    }

    private String addImage(int k) {
        byte[] px = new byte[30 * 6];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (k * 10 + i % 7);
        }
        ZarrImageRecord r = ds.addImage(NdArray.ofUint8(px, 30, 6));
        r.saveMetadataPayload(Map.of("rois", List.of(Rois.toEnvelope(new Roi(1, 1, 0, 0, 6, 0, 30)))));
        return r.imageId();
    }

    /** One row per ROI with the sum of its pixels; the hash covers the ROIs; images listed in emptyFor give no rows. */
    static TestingIndexer summer(String version, Set<String> emptyFor, Set<String> failFor) {
        return new TestingIndexer("sum", version, rec -> {
            if (failFor.contains(rec.imageId())) {
                throw new IllegalStateException("cannot sum " + rec.imageId());
            }
            Table.RowBuilder b = Table.builder(ROWS);
            if (!emptyFor.contains(rec.imageId())) {
                for (Roi roi : rec.rois()) {
                    double sum = 0;
                    for (double v : rec.pixels().toDoubleArray()) {
                        sum += v;
                    }
                    b.addRow(roi.roiId(), sum);
                }
            }
            return b.build();
        }, rec -> org.kymflow.api.ParamsHash.sha256(Map.of("rois", rec.rois().toString())));
    }

    private static IndexOptions incremental() {
        return IndexOptions.builder().mode(UpdateMode.INCREMENTAL).build();
    }

    private Map<String, StalenessReason> reasons(TestingIndexer indexer) {
        return new KymDataset(ds).staleness(indexer).stream().collect(Collectors.toMap(ImageStaleness::imageId, ImageStaleness::reason));
    }

    @Test
    void aSecondRunWithNothingChangedComputesNothingAndLeavesTheTableAlone() {
        KymDataset kym = new KymDataset(ds);
        TestingIndexer indexer = summer("sum@1", Set.of(), Set.of());
        IndexReport first = kym.updateIndex(indexer, incremental());
        assertEquals(4, first.computed());
        var version = ds.tableVersion("kym_sum");
        IndexReport second = kym.updateIndex(indexer, incremental());
        assertEquals(0, second.computed());
        assertEquals(4, second.skippedFresh());
        assertEquals(4, indexer.calls.get(), "no image computed twice");
        assertEquals(version, ds.tableVersion("kym_sum"), "a run with nothing to do writes no table");
        assertEquals(2, RunLog.read(ds).size(), "both runs are in the log");
        assertEquals(second.runId(), RunLog.read(ds).get(0).get("run_id"), "newest first");
    }

    @Test
    void everyReasonIsReportedAndOnlyStaleImagesAreRecomputed() {
        KymDataset kym = new KymDataset(ds);
        kym.updateIndex(summer("sum@1", Set.of(ids.get(3)), Set.of()), incremental());
        TestingIndexer same = summer("sum@1", Set.of(ids.get(3)), Set.of());
        Map<String, StalenessReason> before = reasons(same);
        assertEquals(StalenessReason.FRESH_ROWS, before.get(ids.get(0)));
        assertEquals(StalenessReason.FRESH_ZERO_ROWS, before.get(ids.get(3)), "no rows, but a marker saying so");

        ds.record(ids.get(0)).saveMetadataPayload(Map.of("rois", List.of(Rois.toEnvelope(new Roi(1, 1, 0, 0, 3, 0, 30)))));
        byte[] px = new byte[30 * 6];
        ds.record(ids.get(1)).saveArray(NdArray.ofUint8(px, 30, 6));
        String added = addImage(9);
        Map<String, StalenessReason> after = reasons(same);
        assertEquals(StalenessReason.STALE_PARAMS_CHANGED, after.get(ids.get(0)));
        assertEquals(StalenessReason.STALE_PIXELS_CHANGED, after.get(ids.get(1)));
        assertEquals(StalenessReason.FRESH_ROWS, after.get(ids.get(2)));
        assertEquals(StalenessReason.FRESH_ZERO_ROWS, after.get(ids.get(3)));
        assertEquals(StalenessReason.STALE_MISSING, after.get(added));

        IndexReport run = kym.updateIndex(same, incremental());
        assertEquals(3, run.computed(), "exactly the three stale images");
        assertEquals(1, run.skippedFresh());
        assertEquals(1, run.skippedZeroRows());
        assertEquals(3, same.calls.get());
        assertEquals(Set.of(ids.get(0), ids.get(1), added), Set.copyOf(computedIds(run)));
        assertTrue(reasons(same).values().stream().allMatch(StalenessReason::isFresh));

        TestingIndexer bumped = summer("sum@2", Set.of(ids.get(3)), Set.of());
        assertTrue(reasons(bumped).values().stream().allMatch(r -> r == StalenessReason.STALE_VERSION_CHANGED), reasons(bumped).toString());
        assertEquals(5, kym.updateIndex(bumped, incremental()).computed());
    }

    /** The ids a run computed, from their markers' run id. */
    private List<String> computedIds(IndexReport run) {
        List<String> out = new ArrayList<>();
        for (String id : ds.listImageIds()) {
            Object marker = ds.record(id).loadJson("sum_run");
            if (marker instanceof Map<?, ?> m && run.runId().equals(m.get("run_id"))) {
                out.add(id);
            }
        }
        return out;
    }

    @Test
    void aRunIncrementalAfterAReplaceGivesTheSameTableRowForRow() {
        KymDataset kym = new KymDataset(ds);
        TestingIndexer indexer = summer("sum@1", Set.of(), Set.of());
        kym.updateIndex(indexer, incremental());
        ds.record(ids.get(2)).saveArray(NdArray.ofUint8(new byte[30 * 6], 30, 6));
        kym.updateIndex(indexer, incremental());
        Table incrementalTable = ds.loadTable("kym_sum");
        kym.updateIndex(indexer, IndexOptions.builder().mode(UpdateMode.REPLACE).build());
        assertEquals(ds.loadTable("kym_sum"), incrementalTable);
    }

    @Test
    void keepGoingRecordsFailuresKeepsTheirOldRowsAndRetriesOnlyThem() {
        KymDataset kym = new KymDataset(ds);
        kym.updateIndex(summer("sum@1", Set.of(), Set.of()), incremental());
        TestingIndexer failing = summer("sum@2", Set.of(), Set.of(ids.get(1)));
        IndexingException failFast = assertThrows(IndexingException.class, () -> kym.updateIndex(failing, incremental()));
        assertTrue(failFast.getMessage().contains(ids.get(1)) && failFast.getMessage().contains("cannot sum"), failFast.getMessage());
        assertEquals("failed", RunLog.read(ds).get(0).get("status"), "a failed run is logged too");
        assertTrue(ds.loadTable("kym_sum").filterEquals("analysis_version", "sum@2").rowCount() == 0, "fail-fast commits nothing");

        IndexReport kept = kym.updateIndex(failing, IndexOptions.builder().mode(UpdateMode.INCREMENTAL).keepGoing(true).build());
        assertEquals(RunStatus.PARTIAL, kept.status());
        assertEquals(Set.of(ids.get(1)), kept.failed().keySet());
        assertTrue(kept.failed().get(ids.get(1)).contains("cannot sum"));
        assertEquals(3, kept.computed());
        Table t = ds.loadTable("kym_sum");
        assertEquals("sum@1", t.filterEquals("image_id", ids.get(1)).getString("analysis_version", 0), "the failed image keeps its old rows");
        assertEquals(StalenessReason.STALE_FAILED, reasons(failing).get(ids.get(1)));
        TestingIndexer fixed = summer("sum@2", Set.of(), Set.of());
        IndexReport retry = kym.updateIndex(fixed, incremental());
        assertEquals(1, retry.computed(), "only the failed image is retried");
        assertTrue(reasons(fixed).values().stream().allMatch(StalenessReason::isFresh));
    }

    @Test
    void anInterruptedRunCommitsWhatFinishedAndTheNextRunResumes() {
        KymDataset kym = new KymDataset(ds);
        TestingIndexer indexer = summer("sum@1", Set.of(), Set.of());
        AtomicInteger finished = new AtomicInteger();
        IndexReport interrupted = kym.updateIndex(indexer, IndexOptions.builder().mode(UpdateMode.INCREMENTAL).parallelism(1)
                .progress((done, total, id) -> finished.set(done)).cancelled(() -> finished.get() >= 2).build());
        assertEquals(RunStatus.INTERRUPTED, interrupted.status());
        assertEquals(2, interrupted.computed());
        assertEquals(2, ds.loadTable("kym_sum").rowCount(), "the two finished images are committed");
        IndexReport resumed = kym.updateIndex(indexer, incremental());
        assertEquals(2, resumed.computed(), "the next run does only the rest");
        assertEquals(4, ds.loadTable("kym_sum").rowCount());
    }

    @Test
    void aCrashBetweenCommitAndMarkersLeavesImagesStaleNeverWronglyFresh() {
        KymDataset kym = new KymDataset(ds);
        kym.updateIndex(summer("sum@1", Set.of(), Set.of()), incremental());
        Object oldMarker = ds.record(ids.get(0)).loadJson("sum_run");
        kym.updateIndex(summer("sum@2", Set.of(), Set.of()), incremental());
        ds.record(ids.get(0)).saveJson("sum_run", oldMarker); // as if the run died after its commit, before this marker
        Map<String, StalenessReason> now = reasons(summer("sum@2", Set.of(), Set.of()));
        assertEquals(StalenessReason.STALE_MARKER_TABLE_MISMATCH, now.get(ids.get(0)));
        assertEquals(StalenessReason.FRESH_ROWS, now.get(ids.get(1)));
    }

    @Test
    void everyCommitIsLoggedAtOnceSoAKilledRunStillSaysWhatItWrote() throws Exception {
        for (int k = 4; k < 9; k++) {
            addImage(k);
        }
        List<String> all = ds.listImageIds();
        java.util.concurrent.CountDownLatch reached = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        TestingIndexer slow = new TestingIndexer("sum", "sum@1", rec -> {
            if (rec.imageId().equals(all.get(all.size() - 1))) {
                reached.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return summer("sum@1", Set.of(), Set.of()).extractRows(rec);
        }, rec -> "h");
        java.util.concurrent.ExecutorService runner = java.util.concurrent.Executors.newSingleThreadExecutor();
        java.util.concurrent.Future<IndexReport> run = runner.submit(() -> new KymDataset(ds).updateIndex(slow,
                IndexOptions.builder().parallelism(1).commitInterval(java.time.Duration.ofNanos(1)).build()));
        assertTrue(reached.await(60, java.util.concurrent.TimeUnit.SECONDS));
        try (ZarrDataset reader = ZarrDataset.open(tmp.resolve("d.zarr"), OpenMode.READ)) {
            List<Map<String, Object>> log = RunLog.read(reader);
            assertEquals(1, log.size(), "the first commit is logged before the run ends");
            assertEquals(RunStatus.UNFINISHED.wireName(), log.get(0).get("status"));
            assertTrue(((Number) log.get(0).get("computed")).intValue() >= 4, log.toString());
            assertTrue(reader.loadTable("kym_sum").rowCount() >= 4);
        }
        release.countDown();
        IndexReport report = run.get(60, java.util.concurrent.TimeUnit.SECONDS);
        runner.shutdown();
        List<Map<String, Object>> log = RunLog.read(ds);
        assertEquals(1, log.size(), "the run's row is replaced, not repeated");
        assertEquals("ok", log.get(0).get("status"));
        assertEquals(report.runId(), log.get(0).get("run_id"));
        assertEquals(9, ((Number) log.get(0).get("computed")).intValue());
    }

    @Test
    void anImagePastTheTimeLimitFailsAndTheRunGoesOnWithoutIt() {
        String slowId = ids.get(1);
        String deafId = ids.get(2);
        java.util.concurrent.atomic.AtomicBoolean stopSpinning = new java.util.concurrent.atomic.AtomicBoolean();
        TestingIndexer slow = new TestingIndexer("sum", "sum@1", rec -> {
            if (rec.imageId().equals(slowId)) {
                try {
                    Thread.sleep(600_000); // wakes when interrupted
                } catch (InterruptedException e) {
                    throw new IllegalStateException("interrupted", e);
                }
            }
            if (rec.imageId().equals(deafId)) {
                while (!stopSpinning.get()) {
                    Thread.onSpinWait(); // ignores interruption: the run must go on without it
                }
            }
            return summer("sum@1", Set.of(), Set.of()).extractRows(rec);
        }, rec -> "h");
        long t0 = System.nanoTime();
        IndexReport report = new KymDataset(ds).updateIndex(slow, IndexOptions.builder().parallelism(4).keepGoing(true)
                .imageTimeout(java.time.Duration.ofSeconds(1)).build());
        double seconds = (System.nanoTime() - t0) / 1e9;
        stopSpinning.set(true);
        assertTrue(seconds < 10, "the run did not wait for the images past the limit: " + seconds + " s");
        assertEquals(Set.of(slowId, deafId), report.failed().keySet());
        assertTrue(report.failed().get(slowId).contains("time limit of 1 s"), report.failed().toString());
        assertEquals(2, report.computed());
        Set<String> inTable = new java.util.HashSet<>();
        Table t = ds.loadTable("kym_sum");
        for (int r = 0; r < t.rowCount(); r++) {
            inTable.add(t.getString("image_id", r));
        }
        assertEquals(Set.of(ids.get(0), ids.get(3)), inTable, "images given up on are never staged later");
        IndexingException failFast = assertThrows(IndexingException.class, () -> new KymDataset(ds).updateIndex(
                new TestingIndexer("sum", "sum@2", rec -> {
                    try {
                        Thread.sleep(600_000);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException("interrupted", e);
                    }
                    return Table.empty(ROWS);
                }, rec -> "h"), IndexOptions.builder().imageTimeout(java.time.Duration.ofSeconds(1)).build()));
        assertTrue(failFast.getMessage().contains("time limit"), failFast.getMessage());
    }

    @Test
    void rowsWithoutAValidMarkerAreStaleAndValidateNamesThem() {
        KymDataset kym = new KymDataset(ds);
        kym.updateIndex(summer("sum@1", Set.of(), Set.of()), incremental());
        assertEquals(List.of(), kym.validateAnalyses());
        ds.record(ids.get(0)).deleteAnalysis("sum_run.json");     // deleted
        ds.record(ids.get(1)).saveJson("sum_run", Map.of("marker_version", "1")); // truncated to nothing useful
        // the pixels change under the deleted marker: nothing else could tell
        ds.record(ids.get(0)).saveArray(NdArray.ofUint8(new byte[30 * 6], 30, 6));
        Map<String, StalenessReason> now = reasons(summer("sum@1", Set.of(), Set.of()));
        assertEquals(StalenessReason.STALE_MARKER_TABLE_MISMATCH, now.get(ids.get(0)));
        assertEquals(StalenessReason.STALE_MARKER_TABLE_MISMATCH, now.get(ids.get(1)));
        assertEquals(StalenessReason.FRESH_ROWS, now.get(ids.get(2)));
        List<String> problems = kym.validateAnalyses();
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("tables/kym_sum.parquet") && problems.get(0).contains("sum_run.json"), problems.get(0));
        IndexReport again = kym.updateIndex(summer("sum@1", Set.of(), Set.of()), incremental());
        assertEquals(2, again.computed());
        assertEquals(0.0, sumOf(ids.get(0)), "recomputed from the new pixels");
        assertEquals(List.of(), kym.validateAnalyses());
    }

    private double sumOf(String id) {
        Table t = ds.loadTable("kym_sum");
        for (int r = 0; r < t.rowCount(); r++) {
            if (t.getString("image_id", r).equals(id)) {
                return t.getDouble("sum", r);
            }
        }
        throw new AssertionError("no row for " + id);
    }

    @Test
    void markersWrittenByPythonAreReadAndInvalidOnesCountAsMissing() throws IOException {
        TestingIndexer fixture = new TestingIndexer("fixture", "fixture@1", rec -> Table.empty(ROWS), rec -> "h-fixture");
        // two rows with the fixture's stamps for image 0, nothing for the others
        Table rows = Table.builder(Schema.of(Field.required("image_id", ColumnType.STRING),
                Field.required("analysis_version", ColumnType.STRING), Field.required("params_hash", ColumnType.STRING),
                Field.of("roi_id", ColumnType.INT))).addRow(ids.get(0), "fixture@1", "h-fixture", 1)
                .addRow(ids.get(0), "fixture@1", "h-fixture", 2).build();
        ds.saveTable("kym_fixture", rows);
        ds.record(ids.get(0)).saveJson("fixture_run", pythonMarker("rows.json"));
        ds.record(ids.get(1)).saveJson("fixture_run", pythonMarker("zero-rows.json"));
        ds.record(ids.get(2)).saveJson("fixture_run", pythonMarker("invalid.json"));
        Map<String, StalenessReason> r = reasons(fixture);
        assertEquals(StalenessReason.FRESH_ROWS, r.get(ids.get(0)));
        assertEquals(StalenessReason.FRESH_ZERO_ROWS, r.get(ids.get(1)));
        assertEquals(StalenessReason.STALE_MISSING, r.get(ids.get(2)), "an invalid marker is no marker");
        assertEquals(StalenessReason.STALE_MISSING, r.get(ids.get(3)));
        IndexReport run = new KymDataset(ds).updateIndex(fixture, incremental());
        assertEquals(2, run.computed());
        assertEquals(2, ds.loadTable("kym_fixture").rowCount(), "Python's fresh rows are kept as they were");
    }

    private static Object pythonMarker(String file) throws IOException {
        try (InputStream in = TestIncrementalIndexing.class.getResourceAsStream("/python-markers/" + file)) {
            return new com.fasterxml.jackson.databind.ObjectMapper().readValue(new String(in.readAllBytes(), StandardCharsets.UTF_8), Map.class);
        }
    }

    @Test
    void aRunCanBeLimitedToSomeImagesAndUnknownOnesAreNamed() {
        KymDataset kym = new KymDataset(ds);
        TestingIndexer indexer = summer("sum@1", Set.of(), Set.of());
        IndexReport some = kym.updateIndex(indexer, IndexOptions.builder().mode(UpdateMode.INCREMENTAL).images(Set.of(ids.get(2))).build());
        assertEquals(1, some.images());
        assertEquals(1, some.computed());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> kym.updateIndex(indexer,
                IndexOptions.builder().images(Set.of("nope")).build()));
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
    }

    /** A long run commits finished images as it goes; a later failure does not take them back. */
    @Test
    void aLongRunCommitsAsItGoesAndAFailureLaterKeepsWhatWasCommitted() {
        for (int k = 10; k < 16; k++) {
            addImage(k); // ten images: three batches of four on one thread
        }
        List<String> all = ds.listImageIds();
        AtomicInteger seenMidRun = new AtomicInteger(-1);
        TestingIndexer indexer = new TestingIndexer("sum", "sum@1", rec -> {
            if (rec.imageId().equals(all.get(5)) && ds.hasTable("kym_sum")) {
                seenMidRun.set(ds.loadTable("kym_sum").rowCount()); // what a reader sees during the run
            }
            if (rec.imageId().equals(all.get(9))) {
                throw new IllegalStateException("the last image is broken");
            }
            return Table.builder(ROWS).addRow(1, 1.0).build();
        }, rec -> "h");
        IndexOptions options = IndexOptions.builder().mode(UpdateMode.INCREMENTAL).parallelism(1)
                .commitInterval(java.time.Duration.ofNanos(1)).build();
        assertThrows(IndexingException.class, () -> new KymDataset(ds).updateIndex(indexer, options));
        assertEquals(4, seenMidRun.get(), "the first batch was committed before the second ran");
        assertEquals(8, ds.loadTable("kym_sum").rowCount(), "two committed batches stay; the failing batch is discarded");
        TestingIndexer fixed = new TestingIndexer("sum", "sum@1", rec -> Table.builder(ROWS).addRow(1, 1.0).build(), rec -> "h");
        IndexReport rest = new KymDataset(ds).updateIndex(fixed, incremental());
        assertEquals(2, rest.computed(), "the next run does only what was not committed");
    }

    /** --threads N bounds the whole run: an indexer's own parallel stream runs in the run's pool, not the common pool. */
    @Test
    void anIndexersOwnParallelWorkStaysInsideTheRunsThreads() {
        Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        TestingIndexer parallel = new TestingIndexer("par", "par@1", rec -> {
            java.util.stream.IntStream.range(0, 2000).parallel().forEach(k -> threads.add(Thread.currentThread().getName()));
            return Table.builder(ROWS).addRow(1, 1.0).build();
        }, rec -> "h");
        new KymDataset(ds).updateIndex(parallel, IndexOptions.builder().parallelism(1).build());
        assertEquals(Set.of("kymflow-par-1"), threads, "one thread in all, the run's own");
    }
}
