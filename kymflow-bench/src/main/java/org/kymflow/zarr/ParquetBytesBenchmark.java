package org.kymflow.zarr;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.kymflow.table.ColumnType;
import org.kymflow.table.Field;
import org.kymflow.table.Schema;
import org.kymflow.table.Table;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One image's radon rows (247 windows, as a 1,000-line synthetic image gives) written to Parquet bytes and
 * read back: {@code compact} as dataset tables are stored (zstd, dictionaries), {@code plain} as
 * {@link ParquetBytes} hands rows between processes. Lives in the zarr package to reach both encodings.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(1)
public class ParquetBytesBenchmark {
    /** The encoding. */
    @Param({"compact", "plain"})
    public String encoding;

    private Table rows;
    private byte[] encoded;

    /**
     * Builds the rows and encodes them once for the read benchmark.
     *
     * @throws IOException never, in memory
     */
    @Setup
    public void setUp() throws IOException {
        Schema schema = Schema.of(Field.required("image_id", ColumnType.STRING), Field.of("roi_id", ColumnType.INT),
                Field.of("channel", ColumnType.INT), Field.of("window", ColumnType.INT), Field.of("time_s", ColumnType.DOUBLE),
                Field.of("theta_deg", ColumnType.DOUBLE), Field.of("velocity_mm_s", ColumnType.DOUBLE),
                Field.of("clean_velocity_mm_s", ColumnType.DOUBLE), Field.of("abs_velocity_mm_s", ColumnType.DOUBLE),
                Field.of("snr", ColumnType.DOUBLE), Field.of("velocity_units", ColumnType.STRING),
                Field.of("analysis_version", ColumnType.STRING), Field.of("params_hash", ColumnType.STRING));
        Table.RowBuilder b = Table.builder(schema);
        for (int w = 0; w < 247; w++) {
            double theta = 70 + (w * 37 % 41) / 4.0;
            double v = Math.tan(Math.toRadians(theta)) * 0.284 / 0.001 / 1000;
            b.addRow("0b5f1c7e-3f0a-4d7e-9b1a-6d2f3c4b5a69", 1, 1, w, w * 0.004 + 0.008, theta, v, v, Math.abs(v),
                    2 + (w % 13) / 7.0, "mm/s", "radon@1.1", "9f2c6d0e8a1b4c3d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d");
        }
        rows = b.build();
        encoded = encode();
    }

    private byte[] encode() throws IOException {
        return encoding.equals("plain") ? ParquetTables.writePlain(rows) : ParquetTables.write(rows);
    }

    /**
     * @return the Parquet bytes
     * @throws IOException never, in memory
     */
    @Benchmark
    public byte[] write() throws IOException {
        return encode();
    }

    /** @return the rows read back */
    @Benchmark
    public Table read() {
        return ParquetTables.read(encoded, "benchmark");
    }
}
