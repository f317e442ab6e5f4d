package org.kymflow.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kymflow.api.BaseIndexer;
import org.kymflow.api.Roi;
import org.kymflow.table.Table;
import org.kymflow.zarr.NdArray;
import org.kymflow.zarr.OpenMode;
import org.kymflow.zarr.ZarrDataset;
import org.kymflow.zarr.ZarrImageRecord;

/**
 * A run whose rows are computed elsewhere ({@link ExtractionEngine}) commits exactly what a run in this
 * process commits: the same table row for row, the same markers, one run-log row naming the engine.
 * The engine here computes on its own read-only handle of the dataset, in reverse order, from other
 * threads, as a distributed engine would.
 */
class TestExtractionEngine {
    @TempDir
    Path tmp;

    /** Opens the dataset read-only on every call, computes with {@link KymDataset#extractRows}. */
    record ReadOnlyEngine(Path dataset, BaseIndexer indexer, Set<String> failFor, List<String> asked) implements ExtractionEngine {
        @Override
        public String description() {
            return "test-engine (reverse order)";
        }

        @Override
        public void extract(List<String> imageIds, Sink sink) {
            asked.addAll(imageIds);
            List<String> reversed = new ArrayList<>(imageIds);
            Collections.reverse(reversed);
            reversed.parallelStream().forEach(id -> {
                try (ZarrDataset ro = ZarrDataset.open(dataset, OpenMode.READ)) {
                    if (failFor.contains(id)) {
                        sink.failed(id, "java.lang.IllegalStateException: no pixels to sum on this node");
                    } else {
                        sink.rows(id, new KymDataset(ro).extractRows(indexer, id));
                    }
                }
            });
        }
    }

    private List<String> build(Path path) {
        List<String> ids = new ArrayList<>();
        try (ZarrDataset ds = ZarrDataset.open(path, OpenMode.WRITE)) {
            for (int k = 0; k < 5; k++) {
                byte[] px = new byte[40 * 6];
                for (int i = 0; i < px.length; i++) {
                    px[i] = (byte) (k * 11 + i % 5);
                }
                ZarrImageRecord r = ds.addImage(NdArray.ofUint8(px, 40, 6));
                r.saveMetadataPayload(Map.of("rois", List.of(Rois.toEnvelope(new Roi(1, 1, 0, 0, 6, 0, 40)))));
                ids.add(r.imageId());
            }
        }
        return ids.stream().sorted().toList();
    }

    @Test
    void anEngineRunCommitsWhatALocalRunCommits() {
        Path path = tmp.resolve("d.zarr");
        build(path);
        BaseIndexer summer = TestIncrementalIndexing.summer("sum@1", Set.of(), Set.of());
        Table local;
        try (ZarrDataset ds = ZarrDataset.open(path, OpenMode.APPEND)) {
            new KymDataset(ds).updateIndex(summer);
            local = ds.loadTable("kym_sum");
        }
        List<String> asked = Collections.synchronizedList(new ArrayList<>());
        IndexReport report;
        try (ZarrDataset ds = ZarrDataset.open(path, OpenMode.APPEND)) {
            report = new KymDataset(ds).updateIndex(summer, IndexOptions.builder()
                    .engine(new ReadOnlyEngine(path, summer, Set.of(), asked)).build()); // replace: every image again
        }
        assertEquals(RunStatus.OK, report.status());
        assertEquals(5, report.computed());
        assertEquals(5, asked.size());
        try (ZarrDataset ds = ZarrDataset.open(path, OpenMode.READ)) {
            assertEquals(local, ds.loadTable("kym_sum"), "row for row, provenance included");
            assertTrue(new KymDataset(ds).staleness(summer).stream().allMatch(ImageStaleness::isFresh), "markers written");
            List<Map<String, Object>> log = RunLog.read(ds);
            assertEquals(2, log.size());
            assertEquals(Set.of("local", "test-engine (reverse order)"), Set.of(log.get(0).get("engine"), log.get(1).get("engine")));
            assertEquals("test-engine (reverse order)", log.stream().filter(r -> report.runId().equals(r.get("run_id")))
                    .findFirst().orElseThrow().get("engine"));
        }
        // incremental: nothing stale, so the engine is asked for nothing
        asked.clear();
        try (ZarrDataset ds = ZarrDataset.open(path, OpenMode.APPEND)) {
            IndexReport again = new KymDataset(ds).updateIndex(summer, IndexOptions.builder().mode(UpdateMode.INCREMENTAL)
                    .engine(new ReadOnlyEngine(path, summer, Set.of(), asked)).build());
            assertEquals(0, again.computed());
        }
        assertEquals(List.of(), asked);
    }

    @Test
    void anImageThatFailsElsewhereFailsTheRunOrIsKeptGoingPast() {
        Path path = tmp.resolve("d.zarr");
        List<String> ids = build(path);
        BaseIndexer summer = TestIncrementalIndexing.summer("sum@1", Set.of(), Set.of());
        String bad = ids.get(2);
        try (ZarrDataset ds = ZarrDataset.open(path, OpenMode.APPEND)) {
            KymDataset kym = new KymDataset(ds);
            IndexingException e = assertThrows(IndexingException.class, () -> kym.updateIndex(summer, IndexOptions.builder()
                    .engine(new ReadOnlyEngine(path, summer, Set.of(bad), new ArrayList<>())).build()));
            assertTrue(e.getMessage().contains(bad) && e.getMessage().contains("no pixels to sum"), e.getMessage());
            assertTrue(!ds.hasTable("kym_sum"), "fail-fast commits nothing");
            IndexReport kept = kym.updateIndex(summer, IndexOptions.builder().keepGoing(true)
                    .engine(new ReadOnlyEngine(path, summer, Set.of(bad), new ArrayList<>())).build());
            assertEquals(RunStatus.PARTIAL, kept.status());
            assertEquals(Set.of(bad), kept.failed().keySet());
            assertEquals(4, ds.loadTable("kym_sum").rowCount());
            assertEquals(StalenessReason.STALE_FAILED, kym.staleness(summer, Set.of(bad)).get(0).reason());
        }
    }

    /**
     * A failed run ends while other threads still hand it rows (a parallel stream returns at its first
     * exception while its other elements run on): the run's own failure reaches the caller, the late rows
     * are dropped, and the staging folder is removed whole.
     */
    @Test
    void rowsArrivingWhileAFailedRunEndsAreDroppedAndTheRunsOwnFailureIsReported() throws Exception {
        Path path = tmp.resolve("late.zarr");
        List<String> ids = build(path);
        BaseIndexer summer = TestIncrementalIndexing.summer("sum@1", Set.of(), Set.of());
        String bad = ids.get(0);
        String good = ids.get(1);
        List<Throwable> lateErrors = Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicInteger lateCalls = new java.util.concurrent.atomic.AtomicInteger();
        Thread[] late = new Thread[1];
        ExtractionEngine racing = new ExtractionEngine() {
            @Override
            public String description() {
                return "test-engine (late rows)";
            }

            @Override
            public void extract(List<String> imageIds, Sink sink) {
                Table rows;
                try (ZarrDataset ro = ZarrDataset.open(path, OpenMode.READ)) {
                    rows = new KymDataset(ro).extractRows(summer, good);
                }
                java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
                late[0] = new Thread(() -> {
                    try {
                        for (int k = 0; k < 300; k++) { // keeps staging before, during and after the run's end
                            sink.rows(good, rows);
                            lateCalls.incrementAndGet();
                            started.countDown();
                        }
                    } catch (RuntimeException | Error e) {
                        lateErrors.add(e);
                        started.countDown();
                    }
                });
                late[0].start();
                try {
                    started.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                sink.failed(bad, "java.lang.IllegalStateException: this node lost its disk"); // fail-fast: throws
            }
        };
        try (ZarrDataset ds = ZarrDataset.open(path, OpenMode.APPEND)) {
            IndexingException e = assertThrows(IndexingException.class,
                    () -> new KymDataset(ds).updateIndex(summer, IndexOptions.builder().engine(racing).build()));
            assertTrue(e.getMessage().contains(bad) && e.getMessage().contains("lost its disk"), e.getMessage());
            late[0].join();
            assertEquals(List.of(), lateErrors, "late rows are dropped, not failed on");
            assertEquals(300, lateCalls.get());
            assertTrue(!ds.hasTable("kym_sum"), "fail-fast commits nothing");
        }
        try (java.util.stream.Stream<Path> left = java.nio.file.Files.list(path.resolve("tables"))) {
            assertEquals(List.of(), left.filter(f -> f.getFileName().toString().startsWith(".staging")).toList(),
                    "the staging folder is removed whole");
        } catch (java.nio.file.NoSuchFileException e) {
            // no tables folder at all: nothing was left either
        }
    }
}
