package org.kymflow.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.kymflow.table.ColumnType;
import org.kymflow.table.Field;
import org.kymflow.table.Schema;
import org.kymflow.table.Table;
import org.kymflow.zarr.OpenMode;
import org.kymflow.zarr.ZarrDataset;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code replaceRowsForImageIds} on a dataset table of 250k, 500k and 1M rows x 10 columns (1000 images):
 * the rows of 10 images are replaced through the streamed rewrite, so the row groups around them are
 * decoded and re-encoded and the others copied as bytes. The cost per row should stay flat as rows grow.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 7)
@Fork(value = 1, jvmArgs = {"-Xmx4g"})
public class ReplaceRowsBenchmark {
    /** Table size. */
    @Param({"250000", "500000", "1000000"})
    public int rows;

    static final Schema SCHEMA = Schema.of(Field.required("image_id", ColumnType.STRING), Field.of("roi_id", ColumnType.INT),
            Field.of("window", ColumnType.INT), Field.of("time_s", ColumnType.DOUBLE), Field.of("theta_deg", ColumnType.DOUBLE),
            Field.of("velocity", ColumnType.DOUBLE), Field.of("clean", ColumnType.DOUBLE), Field.of("n", ColumnType.LONG),
            Field.of("ok", ColumnType.BOOLEAN), Field.of("note", ColumnType.STRING));

    private Path dir;
    private ZarrDataset dataset;
    private Map<String, Table> replacement;
    private java.util.SortedMap<String, Table> originalImages;

    static Table rowsFor(String imageId, int count, int seed) {
        Table.RowBuilder b = Table.builder(SCHEMA);
        for (int i = 0; i < count; i++) {
            b.addRow(imageId, i % 3, i, i * 0.004, 45.0 + (i + seed) % 90, (i * 31 + seed) % 1000 / 500.0, i % 7 == 0 ? null : i / 10.0,
                    (long) i * seed, i % 2 == 0, "w" + (i % 17));
        }
        return b.build();
    }

    /**
     * Builds the table once.
     *
     * @throws IOException when the temporary folder cannot be made
     */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("kymflow-bench");
        dataset = ZarrDataset.open(dir.resolve("bench.zarr"), OpenMode.WRITE);
        int perImage = rows / 1000;
        originalImages = new java.util.TreeMap<>();
        for (int k = 0; k < 1000; k++) {
            originalImages.put("image-" + k, rowsFor("image-" + k, perImage, k));
        }
        replacement = new LinkedHashMap<>();
        for (int k = 0; k < 10; k++) {
            replacement.put("image-" + (k * 97), rowsFor("image-" + (k * 97), perImage, k + 5000));
        }
    }

    /** Restores the original table before each rewrite, laid out as the library writes tables (by image). */
    @Setup(Level.Iteration)
    public void restore() {
        dataset.deleteTable("kym_bench");
        try (org.kymflow.zarr.TableRewrite rewrite = dataset.rewriteTable("kym_bench", java.util.List.of())) {
            originalImages.forEach(rewrite::put);
            rewrite.commit(java.util.Set.of());
        }
    }

    /**
     * Removes the dataset.
     *
     * @throws IOException when the temporary folder cannot be listed
     */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        dataset.close();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** One batched rewrite. */
    @Benchmark
    public void replaceRowsOfTenImages() {
        dataset.replaceRowsForImageIds("kym_bench", replacement);
    }
}
