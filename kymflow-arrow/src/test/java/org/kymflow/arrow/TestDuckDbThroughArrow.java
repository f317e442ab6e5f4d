package org.kymflow.arrow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;
import org.kymflow.table.Table;

/**
 * The embedders' example, compiled and run: hand a kymflow table to DuckDB in the same process through
 * Arrow's C stream interface (no file, no SQL inserts) and query it. The README's Arrow section shows it.
 */
class TestDuckDbThroughArrow {
    /** What to read from a query's result. */
    interface Rows<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** Registers a kymflow table with an in-process DuckDB as a view {@code name} and runs one query on it. */
    static <T> T query(Table table, String name, String sql, Rows<T> read) throws Exception {
        ByteArrayOutputStream ipc = new ByteArrayOutputStream();
        ArrowTables.writeStream(table, ipc);
        try (BufferAllocator allocator = new RootAllocator();
             ArrowReader reader = new ArrowStreamReader(new ByteArrayInputStream(ipc.toByteArray()), allocator);
             ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator);
             DuckDBConnection duck = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:")) {
            Data.exportArrayStream(allocator, reader, stream);
            duck.registerArrowStream(name, stream);
            try (Statement st = duck.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                return read.read(rs);
            }
        }
    }

    @Test
    void duckDbQueriesAKymflowTableInProcess() throws Exception {
        // rows 0, 2, 4 are ok; maybe_v there is 0.5, NaN and null: the finite ones sum to 0.5
        double sum = query(TestArrowTables.everyType(), "results", "SELECT sum(maybe_v) FROM results WHERE ok AND isfinite(maybe_v)",
                rs -> {
                    assertTrue(rs.next());
                    return rs.getDouble(1);
                });
        assertEquals(0.5, sum);
    }

    @Test
    void duckDbSeesTheNullsAndTypes() throws Exception {
        query(TestArrowTables.everyType(), "t", "SELECT count(*), count(note), count(maybe_n), max(n), min(roi_id), "
                + "typeof(any_value(n)), typeof(any_value(roi_id)), typeof(any_value(v)), typeof(any_value(ok)), "
                + "string_agg(note, '|' ORDER BY image_id) FROM t", rs -> {
                    assertTrue(rs.next());
                    assertEquals(5, rs.getInt(1));
                    assertEquals(3, rs.getInt(2));
                    assertEquals(3, rs.getInt(3));
                    assertEquals(Long.MAX_VALUE, rs.getLong(4));
                    assertEquals(Integer.MIN_VALUE, rs.getInt(5));
                    assertEquals("BIGINT INTEGER DOUBLE BOOLEAN", rs.getString(6) + " " + rs.getString(7) + " " + rs.getString(8) + " "
                            + rs.getString(9));
                    assertEquals("|µm/s · ✓|x,y\n\"z\"", rs.getString(10));
                    assertFalse(rs.next());
                    return null;
                });
    }
}
