package org.kymflow.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.kymflow.zarr.NdArray;
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
 * Zarr array I/O through the public API, Blosc zstd bitshuffle (the Python default), default chunks:
 * a 30000 x 38 uint16 kymograph (chunks 512 x 38) and a 64 x 256 x 256 uint8 volume (1 x 256 x 256).
 * python/zarr_io.py does the same with python3-zarr; run-side-by-side.sh runs both.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 10)
@Measurement(iterations = 15)
@Fork(1)
public class ArrayIoBenchmark {
    /** Which array. */
    @Param({"kymograph_30000x38_uint16", "volume_64x256x256_uint8"})
    public String array;

    private NdArray data;
    private Path dir;
    private ZarrDataset dataset;
    private String written;

    /**
     * Makes the data and a dataset holding it once.
     *
     * @throws IOException when the temporary folder cannot be made
     */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        data = array.startsWith("kymograph") ? NdArray.ofUint16(BenchData.uint16(30000 * 38), 30000, 38)
                : NdArray.ofUint8(BenchData.uint8(64 * 256 * 256), 64, 256, 256);
        dir = Files.createTempDirectory("kymflow-bench");
        dataset = ZarrDataset.open(dir.resolve("bench.zarr"), OpenMode.WRITE);
        written = dataset.addImage(data).imageId();
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

    private String lastWrite;

    /** Deletes the previous write's image outside the timed call, as the Python side does. */
    @Setup(Level.Invocation)
    public void forgetLastWrite() {
        if (lastWrite != null) {
            dataset.deleteImage(lastWrite);
            lastWrite = null;
        }
    }

    /** @return the new record's id (consumed so the write is not optimised away) */
    @Benchmark
    public String write() {
        lastWrite = dataset.addImage(data).imageId();
        return lastWrite;
    }

    /** @return the array read back */
    @Benchmark
    public NdArray read() {
        return dataset.record(written).loadArray();
    }
}
