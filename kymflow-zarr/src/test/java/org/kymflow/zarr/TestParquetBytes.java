package org.kymflow.zarr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kymflow.table.Table;

/** Rows in transit between processes: plain, uncompressed Parquet that any reader reads and we read back whole. */
class TestParquetBytes {
    @TempDir
    Path tmp;

    @Test
    void rowsRoundTripWithNullsAndNaNAndDuckDbReadsThePlainUncompressedFile() throws Exception {
        Table t = Table.builder(TestTables.SCHEMA)
                .addRow("img-1", 1, 5L, 0.25, true, "µm/s ✓")
                .addRow("img-1", null, null, Double.NaN, null, "")
                .addRow("img-2", 3, Long.MIN_VALUE, -1e300, false, null)
                .build();
        byte[] bytes = ParquetBytes.write(t);
        assertEquals(t, ParquetBytes.read(bytes, "rows.parquet"));
        Path file = tmp.resolve("rows.parquet");
        Files.write(file, bytes);
        String name = file.toString().replace("'", "''");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT count(*), count(roi_id), min(n), sum(CASE WHEN isnan(velocity) THEN 1 ELSE 0 END)"
                    + " FROM read_parquet('" + name + "')")) {
                rs.next();
                assertEquals(3, rs.getInt(1));
                assertEquals(2, rs.getInt(2));
                assertEquals(Long.MIN_VALUE, rs.getLong(3));
                assertEquals(1, rs.getInt(4));
            }
            Set<String> compressions = new HashSet<>();
            Set<String> encodings = new HashSet<>();
            try (ResultSet rs = s.executeQuery("SELECT compression, encodings FROM parquet_metadata('" + name + "')")) {
                while (rs.next()) {
                    compressions.add(rs.getString(1));
                    encodings.add(rs.getString(2));
                }
            }
            assertEquals(Set.of("UNCOMPRESSED"), compressions);
            assertEquals(false, encodings.stream().anyMatch(e -> e.contains("DICTIONARY")), "no dictionary pages: " + encodings);
        }
    }
}
