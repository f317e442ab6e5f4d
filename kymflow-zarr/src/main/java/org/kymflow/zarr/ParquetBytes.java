package org.kymflow.zarr;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.kymflow.table.Table;

/**
 * A table as the bytes of one Parquet file and back: for rows that travel between processes (a distributed
 * runner's staging files) without a dataset around them. The files are plain-encoded and uncompressed, not
 * zstd with dictionaries as dataset tables are: they are read once, at once, so encoding time counts and
 * size hardly does (one image's 247 radon rows, one core: 0.33 ms against 3.4 ms to write, 0.22 ms against
 * 1.6 ms to read, in kymflow-bench's {@code ParquetBytesBenchmark}). Any Parquet reader reads them.
 */
public final class ParquetBytes {
    private ParquetBytes() {
    }

    /**
     * @param table a table
     * @return the bytes of a Parquet file holding it, plain-encoded and uncompressed
     */
    public static byte[] write(Table table) {
        try {
            return ParquetTables.writePlain(table);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a table as Parquet in memory: " + e.getMessage(), e);
        }
    }

    /**
     * @param bytes the bytes of a Parquet file
     * @param where what they are, for error messages (a file name)
     * @return the table
     * @throws ZarrException naming {@code where} when the bytes are not a Parquet file a table can hold
     */
    public static Table read(byte[] bytes, String where) {
        return ParquetTables.read(bytes, where);
    }
}
