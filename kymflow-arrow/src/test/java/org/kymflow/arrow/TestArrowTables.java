package org.kymflow.arrow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kymflow.table.Column;
import org.kymflow.table.ColumnType;
import org.kymflow.table.Field;
import org.kymflow.table.Schema;
import org.kymflow.table.Table;

/** Every column type, with and without nulls, through Arrow vectors and Arrow IPC files and back. */
class TestArrowTables {
    @TempDir
    Path tmp;

    /** Five rows of every type, nullable and not, with nulls, NaN, infinities, extremes, empty and non-ASCII text. */
    static Table everyType() {
        BitSet nulls = new BitSet();
        nulls.set(1);
        nulls.set(4);
        return Table.of(Schema.of(
                        Field.required("image_id", ColumnType.STRING), Field.of("note", ColumnType.STRING),
                        Field.required("n", ColumnType.LONG), Field.of("maybe_n", ColumnType.LONG),
                        Field.required("roi_id", ColumnType.INT), Field.of("maybe_roi", ColumnType.INT),
                        Field.required("v", ColumnType.DOUBLE), Field.of("maybe_v", ColumnType.DOUBLE),
                        Field.required("ok", ColumnType.BOOLEAN), Field.of("maybe_ok", ColumnType.BOOLEAN)),
                List.of(Column.ofStrings("a", "b", "c", "d", "e"), Column.ofStrings("", null, "µm/s · ✓", "x,y\n\"z\"", null),
                        Column.ofLongs(Long.MIN_VALUE, -1, 0, 1, Long.MAX_VALUE), Column.ofLongs(new long[] {7, 0, -7, 70, 0}, nulls),
                        Column.ofInts(Integer.MIN_VALUE, -1, 0, 1, Integer.MAX_VALUE), Column.ofInts(new int[] {3, 0, 2, 1, 0}, nulls),
                        Column.ofDoubles(Double.NaN, Double.NEGATIVE_INFINITY, -0.0, 1e-300, Double.MAX_VALUE),
                        Column.ofDoubles(new double[] {0.5, 0, Double.NaN, -2.25, 0}, nulls),
                        Column.ofBooleans(true, false, true, false, true), Column.ofBooleans(new boolean[] {false, false, true, true, false}, nulls)));
    }

    @Test
    void everyTypeAndEveryNullSurvivesVectorsAndBack() {
        Table table = everyType();
        try (BufferAllocator allocator = new RootAllocator(); VectorSchemaRoot root = ArrowTables.toArrow(table, allocator)) {
            assertEquals(5, root.getRowCount());
            assertEquals(new ArrowType.Int(64, true), root.getVector("n").getField().getType());
            assertEquals(ArrowType.Utf8.INSTANCE, root.getVector("note").getField().getType());
            assertTrue(root.getVector("note").isNull(1));
            assertEquals(false, root.getVector("n").getField().isNullable());
            Table back = ArrowTables.fromArrow(root);
            assertEquals(table.schema(), back.schema());
            assertEquals(table, back);
            assertTrue(Double.isNaN(back.getDouble("v", 0)), "NaN stays a value");
            assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(back.getDouble("v", 2)));
        }
    }

    @Test
    void ipcFilesRoundTripIncludingAnEmptyTable() {
        Table table = everyType();
        Path file = tmp.resolve("t.arrow");
        ArrowTables.writeFile(table, file);
        assertEquals(table, ArrowTables.readFile(file));
        Table empty = table.filterRows(r -> false);
        ArrowTables.writeFile(empty, file);
        Table back = ArrowTables.readFile(file);
        assertEquals(empty.schema(), back.schema());
        assertEquals(0, back.rowCount());
    }

    @Test
    void anArrowTypeWithoutAColumnTypeIsNamed() {
        org.apache.arrow.vector.types.pojo.Schema schema = new org.apache.arrow.vector.types.pojo.Schema(List.of(
                new org.apache.arrow.vector.types.pojo.Field("when", FieldType.nullable(new ArrowType.Date(
                        org.apache.arrow.vector.types.DateUnit.DAY)), null)));
        try (BufferAllocator allocator = new RootAllocator(); VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ArrowTables.fromArrow(root));
            assertEquals("column 'when' is Arrow Date(DAY), which has no kymflow column type (utf8, int64, int32, float64 and bool do)",
                    e.getMessage());
        }
    }
}
