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
        assertEquals("ok", report.status());
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
            assertEquals("partial", kept.status());
            assertEquals(Set.of(bad), kept.failed().keySet());
            assertEquals(4, ds.loadTable("kym_sum").rowCount());
            assertEquals(StalenessReason.STALE_FAILED, kym.staleness(summer, Set.of(bad)).get(0).reason());
        }
    }
}
