package org.kymflow.zarr;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Run in a child JVM with a small heap by {@link TestTableRewrite}: what must work in it, and what must not. */
public final class BoundedMemoryProbe {
    private BoundedMemoryProbe() {
    }

    /**
     * @param args the dataset folder
     */
    public static void main(String[] args) {
        try (ZarrDataset ds = ZarrDataset.open(java.nio.file.Path.of(args[0]), OpenMode.APPEND)) {
            System.out.println("partial read " + ds.loadTableRows("kym_big", Set.of("img-050"), null, 5).rowCount() + " rows");
            // as a run's threads read their images' inputs: each holds its image's rows, not its row group's
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
            long together = 0;
            try {
                for (java.util.concurrent.Future<Integer> f : pool.invokeAll(java.util.stream.Stream.of("img-003", "img-020", "img-035",
                        "img-050", "img-065", "img-080").map(id -> (java.util.concurrent.Callable<Integer>)
                                () -> ds.loadTableRows("kym_big", Set.of(id), null, Long.MAX_VALUE).rowCount()).toList())) {
                    together += f.get();
                }
            } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e.getCause() == null ? e : e.getCause());
            } finally {
                pool.shutdown();
            }
            System.out.println("six images read at once " + together + " rows");
            System.out.println("validated " + ds.validate().size() + " problems");
            Map<String, ImageRows> index = ds.tableImageIndex("kym_big", List.of());
            Set<String> keep = new TreeSet<>(index.keySet());
            keep.remove("img-042");
            try (TableRewrite rewrite = ds.rewriteTable("kym_big", List.of())) {
                rewrite.put("img-042", TestTables.rows("img-042", 20_000, -1));
                rewrite.commit(keep);
            }
            System.out.println("rewrite committed " + ds.describeTable("kym_big").rowCount() + " rows");
            try {
                ds.loadTable("kym_big");
                System.out.println("whole table: loaded (the heap was large enough, the test proves nothing)");
            } catch (OutOfMemoryError e) {
                System.out.println("whole table: OutOfMemoryError"); // expected: the table does not fit this heap
            }
        }
    }
}
