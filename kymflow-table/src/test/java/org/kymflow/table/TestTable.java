package org.kymflow.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestTable {
    private static final Schema SCHEMA = Schema.of(
            Field.required("image_id", ColumnType.STRING),
            Field.of("roi_id", ColumnType.INT),
            Field.of("n", ColumnType.LONG),
            Field.of("mean", ColumnType.DOUBLE),
            Field.of("ok", ColumnType.BOOLEAN));

    private static Table sample() {
        return Table.builder(SCHEMA)
                .addRow("a", 1, 10L, 1.5, true)
                .addRow("b", null, 20L, Double.NaN, false)
                .addRow("a", 3, null, null, null)
                .build();
    }

    @Test
    void rowBuilderGivesTypedAccess() {
        Table t = sample();
        assertEquals(3, t.rowCount());
        assertEquals(5, t.columnCount());
        assertEquals("a", t.getString("image_id", 0));
        assertEquals(1, t.getInt("roi_id", 0));
        assertEquals(20L, t.getLong("n", 1));
        assertTrue(Double.isNaN(t.getDouble("mean", 1)));
        assertFalse(t.isNull("mean", 1), "NaN is a value, not a null");
        assertTrue(t.isNull("roi_id", 1));
        assertTrue(t.isNull("ok", 2));
        assertEquals(Map.of("image_id", "a", "roi_id", 3), Map.of("image_id", t.get("image_id", 2), "roi_id", t.get("roi_id", 2)));
    }

    @Test
    void wrongTypeMissingColumnAndNullAccessAreClearErrors() {
        Table t = sample();
        IllegalArgumentException wrongType = assertThrows(IllegalArgumentException.class, () -> t.getLong("mean", 0));
        assertTrue(wrongType.getMessage().contains("'mean'") && wrongType.getMessage().contains("DOUBLE"), wrongType.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> t.getDouble("nope", 0));
        assertTrue(missing.getMessage().contains("nope") && missing.getMessage().contains("image_id"), missing.getMessage());
        IllegalStateException isNull = assertThrows(IllegalStateException.class, () -> t.getInt("roi_id", 1));
        assertTrue(isNull.getMessage().contains("null at row 1"), isNull.getMessage());
        IndexOutOfBoundsException row = assertThrows(IndexOutOfBoundsException.class, () -> t.getString("image_id", 3));
        assertTrue(row.getMessage().contains("3 rows"), row.getMessage());
    }

    @Test
    void builderRejectsBadRows() {
        Table.RowBuilder b = Table.builder(SCHEMA);
        assertThrows(IllegalArgumentException.class, () -> b.addRow("a", 1));
        IllegalArgumentException notNull = assertThrows(IllegalArgumentException.class, () -> b.addRow(null, 1, 1L, 1.0, true));
        assertTrue(notNull.getMessage().contains("image_id"), notNull.getMessage());
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class, () -> b.addRow("a", "x", 1L, 1.0, true));
        assertTrue(type.getMessage().contains("roi_id"), type.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Schema.of(Field.of("x", ColumnType.INT), Field.of("x", ColumnType.LONG)));
    }

    @Test
    void columnBuilderChecksLengthsAndTypes() {
        Table t = Table.columnBuilder().addStrings("s", "x", null).addDoubles("d", 1, 2).addLongs("l", 5, 6).build();
        assertEquals(2, t.rowCount());
        assertNull(t.getString("s", 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Table.columnBuilder().addInts("a", 1, 2).addInts("b", 1).build());
        assertTrue(e.getMessage().contains("'b'"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Table.of(Schema.of(Field.of("a", ColumnType.LONG)), List.of(Column.ofInts(1))));
        BitSet nulls = new BitSet();
        nulls.set(1);
        Column c = Column.ofLongs(new long[] {7, 8}, nulls);
        assertTrue(c.isNull(1));
        assertEquals(1, c.nullCount());
    }

    @Test
    void columnsCannotBeChangedThroughTheirInputs() {
        long[] values = {1, 2, 3};
        Column c = Column.ofLongs(values);
        values[0] = 99;
        assertEquals(1L, c.getLong(0));
    }

    @Test
    void concatUnitesSchemasAndFillsNulls() {
        Table a = Table.columnBuilder().addStrings("image_id", "x").addDoubles("v", 1.0).build();
        Table b = Table.columnBuilder().addStrings("image_id", "y").addLongs("extra", 5).build();
        Table c = Table.concat(a, b);
        assertEquals(List.of("image_id", "v", "extra"), c.schema().names());
        assertEquals(2, c.rowCount());
        assertTrue(c.isNull("v", 1));
        assertTrue(c.isNull("extra", 0));
        assertEquals(5L, c.getLong("extra", 1));
        assertTrue(c.schema().field("v").nullable());
    }

    @Test
    void concatTypeClashNamesTheColumn() {
        Table a = Table.columnBuilder().addDoubles("v", 1.0).build();
        Table b = Table.columnBuilder().addStrings("v", "1.0").build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Table.concat(a, b));
        assertTrue(e.getMessage().contains("'v'") && e.getMessage().contains("DOUBLE") && e.getMessage().contains("STRING"),
                e.getMessage());
    }

    @Test
    void filterSelectAndWithColumn() {
        Table t = sample();
        Table onlyA = t.filterEquals("image_id", "a");
        assertEquals(2, onlyA.rowCount());
        assertEquals(3, onlyA.getInt("roi_id", 1));
        assertSame(t, t.filterRows(r -> true));
        Table notA = t.filterByString("image_id", v -> !v.equals("a"));
        assertEquals(1, notA.rowCount());
        Table with = t.withColumn(Field.of("tag", ColumnType.STRING), Column.constant(ColumnType.STRING, "z", 3));
        assertEquals("z", with.getString("tag", 2));
        assertEquals(List.of("n", "image_id"), t.selectColumns(List.of("n", "image_id")).schema().names());
    }

    @Test
    void equalityIsByContentAndToStringShowsRows() {
        assertEquals(sample(), sample());
        assertEquals(sample().hashCode(), sample().hashCode());
        assertNotEquals(sample(), sample().filterEquals("image_id", "a"));
        String text = sample().toString();
        assertTrue(text.contains("3 rows") && text.contains("image_id") && text.contains("NaN") && text.contains("null"), text);
    }

    @Test
    void csvRoundTripKeepsTypesNullsEmptyStringsAndUnicode() {
        Table t = Table.builder(Schema.of(Field.of("s", ColumnType.STRING), Field.of("l", ColumnType.LONG),
                        Field.of("d", ColumnType.DOUBLE), Field.of("b", ColumnType.BOOLEAN)))
                .addRow("plain", 1L, 0.5, true)
                .addRow("", null, Double.NaN, false)
                .addRow(null, 3L, -2.0, null)
                .addRow("ümlaut, \"quoted\"\nline", 4L, 1e-5, true)
                .build();
        StringWriter out = new StringWriter();
        TableCsv.write(t, out);
        Table back = TableCsv.read(new StringReader(out.toString()));
        assertEquals(t, back);
    }

    /** Review defect 5: a one-column table lost its null rows in a CSV round trip (3 rows became 2). */
    @Test
    void csvRoundTripOfOneColumnKeepsNullRows() {
        Table t = Table.builder(Schema.of(Field.of("note", ColumnType.STRING))).addRow("a").addRow((Object) null).addRow("").build();
        java.io.StringWriter out = new java.io.StringWriter();
        TableCsv.write(t, out);
        Table back = TableCsv.read(new java.io.StringReader(out.toString()));
        assertEquals(3, back.rowCount());
        assertTrue(back.isNull("note", 1));
        assertEquals("", back.getString("note", 2));
        Table two = TableCsv.read(new java.io.StringReader("a,b\n1,2\n\n3,4\n"));
        assertEquals(2, two.rowCount(), "a blank line between rows of several columns is skipped, as before");
    }

    @Test
    void csvWithRaggedLineNamesTheLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TableCsv.read(new StringReader("a,b\n1,2\n3\n")));
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
    }
}
