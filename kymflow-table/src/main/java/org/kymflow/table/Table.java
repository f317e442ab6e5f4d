package org.kymflow.table;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntPredicate;
import java.util.function.Predicate;

/**
 * An immutable, columnar table: a {@link Schema} and one {@link Column} per field, all of one length.
 *
 * <p>This is the "data frame" that storage reads and writes and that indexers return. Build one row by
 * row with {@link #builder(Schema)} or column by column with {@link #columnBuilder()}. Instances are
 * immutable and therefore thread-safe; equality is by schema and content.
 *
 * <pre>{@code
 * Table t = Table.builder(Schema.of(Field.of("roi_id", ColumnType.INT), Field.of("mean", ColumnType.DOUBLE)))
 *         .addRow(1, 12.5)
 *         .addRow(2, null)
 *         .build();
 * double m = t.getDouble("mean", 0);
 * }</pre>
 */
public final class Table {
    private final Schema schema;
    private final List<Column> columns;
    private final int rowCount;

    private Table(Schema schema, List<Column> columns, int rowCount) {
        this.schema = schema;
        this.columns = List.copyOf(columns);
        this.rowCount = rowCount;
    }

    /**
     * Makes a table from a schema and matching columns.
     *
     * @param schema the schema
     * @param columns one column per field, same types, same length
     * @return the table
     * @throws IllegalArgumentException naming the column when a type, length or nullability does not match
     */
    public static Table of(Schema schema, List<Column> columns) {
        Objects.requireNonNull(schema, "schema");
        if (columns.size() != schema.size()) {
            throw new IllegalArgumentException("schema has " + schema.size() + " fields but " + columns.size()
                    + " columns were given");
        }
        int rows = columns.isEmpty() ? 0 : columns.get(0).size();
        for (int i = 0; i < columns.size(); i++) {
            Field field = schema.field(i);
            Column column = columns.get(i);
            if (column.type() != field.type()) {
                throw new IllegalArgumentException("column '" + field.name() + "' is declared " + field.type()
                        + " but holds " + column.type());
            }
            if (column.size() != rows) {
                throw new IllegalArgumentException("column '" + field.name() + "' has " + column.size()
                        + " rows but column '" + schema.field(0).name() + "' has " + rows);
            }
            if (!field.nullable() && column.nullCount() > 0) {
                throw new IllegalArgumentException("column '" + field.name() + "' is not nullable but holds "
                        + column.nullCount() + " nulls");
            }
        }
        return new Table(schema, columns, rows);
    }

    /**
     * @param schema the schema
     * @return a table with that schema and no rows
     */
    public static Table empty(Schema schema) {
        List<Column> columns = new ArrayList<>();
        for (Field f : schema.fields()) {
            columns.add(Column.nulls(f.type(), 0));
        }
        return new Table(schema, columns, 0);
    }

    /**
     * @param schema the schema every row must follow
     * @return a builder that adds rows one at a time
     */
    public static RowBuilder builder(Schema schema) {
        return new RowBuilder(schema);
    }

    /** @return a builder that takes whole columns */
    public static ColumnBuilder columnBuilder() {
        return new ColumnBuilder();
    }

    /** @return the schema */
    public Schema schema() {
        return schema;
    }

    /** @return the number of rows */
    public int rowCount() {
        return rowCount;
    }

    /** @return the number of columns */
    public int columnCount() {
        return columns.size();
    }

    /**
     * @param name a column name
     * @return whether the table has that column
     */
    public boolean hasColumn(String name) {
        return schema.contains(name);
    }

    /**
     * @param name a column name
     * @return the column
     * @throws IllegalArgumentException naming the column and the columns present when absent
     */
    public Column column(String name) {
        int index = schema.indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException("no column '" + name + "'; columns are " + schema.names());
        }
        return columns.get(index);
    }

    /**
     * @param index a column position
     * @return the column
     */
    public Column column(int index) {
        Objects.checkIndex(index, columns.size());
        return columns.get(index);
    }

    /** @return all columns in schema order */
    public List<Column> columns() {
        return columns;
    }

    /**
     * @param column a column name
     * @param row a row index
     * @return whether the value is null
     */
    public boolean isNull(String column, int row) {
        return column(column).isNull(checkRow(row));
    }

    /**
     * @param column a STRING column
     * @param row a row index
     * @return the value or null
     */
    public String getString(String column, int row) {
        return typed(column, ColumnType.STRING).getString(checkRow(row));
    }

    /**
     * @param column a LONG column
     * @param row a row index
     * @return the value
     */
    public long getLong(String column, int row) {
        return nonNull(typed(column, ColumnType.LONG), column, row).getLong(row);
    }

    /**
     * @param column an INT column
     * @param row a row index
     * @return the value
     */
    public int getInt(String column, int row) {
        return nonNull(typed(column, ColumnType.INT), column, row).getInt(row);
    }

    /**
     * @param column a DOUBLE column
     * @param row a row index
     * @return the value
     */
    public double getDouble(String column, int row) {
        return nonNull(typed(column, ColumnType.DOUBLE), column, row).getDouble(row);
    }

    /**
     * @param column a BOOLEAN column
     * @param row a row index
     * @return the value
     */
    public boolean getBoolean(String column, int row) {
        return nonNull(typed(column, ColumnType.BOOLEAN), column, row).getBoolean(row);
    }

    /**
     * @param column a column name
     * @param row a row index
     * @return the value boxed, or null
     */
    public Object get(String column, int row) {
        return column(column).get(checkRow(row));
    }

    private Column typed(String name, ColumnType wanted) {
        Column c = column(name);
        if (c.type() != wanted) {
            throw new IllegalArgumentException("column '" + name + "' holds " + c.type() + ", not " + wanted);
        }
        return c;
    }

    private Column nonNull(Column c, String name, int row) {
        if (c.isNull(checkRow(row))) {
            throw new IllegalStateException("column '" + name + "' is null at row " + row + "; check isNull first");
        }
        return c;
    }

    private int checkRow(int row) {
        if (row < 0 || row >= rowCount) {
            throw new IndexOutOfBoundsException("row " + row + " is outside 0.." + (rowCount - 1)
                    + " (" + rowCount + " rows)");
        }
        return row;
    }

    /**
     * Stacks tables vertically. The schema is the union of theirs (see {@link Schema#union}); columns a
     * table lacks are null in its rows.
     *
     * @param tables the tables, in row order
     * @return the combined table
     * @throws IllegalArgumentException when a column has two types, naming it
     */
    public static Table concat(List<Table> tables) {
        List<Schema> schemas = new ArrayList<>();
        int rows = 0;
        for (Table t : tables) {
            schemas.add(t.schema);
            rows += t.rowCount;
        }
        Schema united = Schema.union(schemas);
        int[] sizes = new int[tables.size()];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = tables.get(i).rowCount;
        }
        List<Column> out = new ArrayList<>();
        for (Field field : united.fields()) {
            List<Column> parts = new ArrayList<>(tables.size());
            for (Table t : tables) {
                int index = t.schema.indexOf(field.name());
                parts.add(index < 0 ? null : t.columns.get(index));
            }
            out.add(Column.concat(field.type(), parts, sizes));
        }
        return new Table(united, out, rows);
    }

    /**
     * @param tables the tables, in row order
     * @return the combined table; see {@link #concat(List)}
     */
    public static Table concat(Table... tables) {
        return concat(Arrays.asList(tables));
    }

    /**
     * @param keep which rows to keep, by index
     * @return a table of the kept rows, in order
     */
    public Table filterRows(IntPredicate keep) {
        int[] rows = new int[rowCount];
        int n = 0;
        for (int r = 0; r < rowCount; r++) {
            if (keep.test(r)) {
                rows[n++] = r;
            }
        }
        return selectRows(Arrays.copyOf(rows, n));
    }

    /**
     * @param column a STRING column
     * @param keep which values to keep (called with null for null rows)
     * @return a table of the rows whose value passes
     */
    public Table filterByString(String column, Predicate<String> keep) {
        Column c = typed(column, ColumnType.STRING);
        return filterRows(r -> keep.test(c.getString(r)));
    }

    /**
     * @param column a STRING column
     * @param value the value to match
     * @return a table of the rows whose value equals {@code value}
     */
    public Table filterEquals(String column, String value) {
        return filterByString(column, v -> Objects.equals(v, value));
    }

    /**
     * @param rows row indices, in output order
     * @return a table of those rows
     */
    public Table selectRows(int[] rows) {
        if (rows.length == rowCount) {
            boolean identity = true;
            for (int i = 0; i < rows.length && identity; i++) {
                identity = rows[i] == i;
            }
            if (identity) {
                return this;
            }
        }
        for (int row : rows) {
            checkRow(row);
        }
        List<Column> out = new ArrayList<>(columns.size());
        for (Column c : columns) {
            out.add(c.select(rows));
        }
        return new Table(schema, out, rows.length);
    }

    /**
     * Returns a table with a column added, or replaced when one of that name exists.
     *
     * @param field the new field
     * @param column its values, one per row
     * @return the new table
     */
    public Table withColumn(Field field, Column column) {
        List<Field> fields = new ArrayList<>(schema.fields());
        List<Column> cols = new ArrayList<>(columns);
        int index = schema.indexOf(field.name());
        if (index >= 0) {
            fields.set(index, field);
            cols.set(index, column);
        } else {
            fields.add(field);
            cols.add(column);
        }
        if (column.size() != rowCount && !columns.isEmpty()) {
            throw new IllegalArgumentException("column '" + field.name() + "' has " + column.size()
                    + " rows but the table has " + rowCount);
        }
        return of(new Schema(fields), cols);
    }

    /**
     * @param names the columns to keep, in output order
     * @return a table of those columns
     */
    public Table selectColumns(List<String> names) {
        List<Field> fields = new ArrayList<>();
        List<Column> cols = new ArrayList<>();
        for (String name : names) {
            fields.add(schema.field(name));
            cols.add(column(name));
        }
        return new Table(new Schema(fields), cols, rowCount);
    }

    /**
     * @param row a row index
     * @return the row as an ordered map from column name to boxed value
     */
    public Map<String, Object> row(int row) {
        checkRow(row);
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            out.put(schema.field(i).name(), columns.get(i).get(row));
        }
        return out;
    }

    /**
     * Renders the first rows as aligned text, for people.
     *
     * @param maxRows how many rows to show at most
     * @return the text
     */
    public String format(int maxRows) {
        int shown = Math.min(maxRows, rowCount);
        String[][] cells = new String[shown + 1][columns.size()];
        int[] widths = new int[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            cells[0][c] = schema.field(c).name();
            for (int r = 0; r < shown; r++) {
                Object v = columns.get(c).get(r);
                cells[r + 1][c] = v == null ? "null" : v.toString();
            }
            for (String[] line : cells) {
                widths[c] = Math.max(widths[c], line[c].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] line : cells) {
            for (int c = 0; c < line.length; c++) {
                sb.append(c == 0 ? "" : "  ").append(String.format("%-" + widths[c] + "s", line[c]));
            }
            sb.append('\n');
        }
        if (rowCount > shown) {
            sb.append("... ").append(rowCount - shown).append(" more rows\n");
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Table other && other.rowCount == rowCount && other.schema.equals(schema)
                && other.columns.equals(columns);
    }

    @Override
    public int hashCode() {
        return Objects.hash(schema, columns);
    }

    @Override
    public String toString() {
        return "Table[" + rowCount + " rows x " + columns.size() + " columns " + schema + "]\n" + format(5);
    }

    /** Builds a table one row at a time against a fixed schema. Not thread-safe. */
    public static final class RowBuilder {
        private final Schema schema;
        private final Column.Builder[] builders;

        private RowBuilder(Schema schema) {
            this.schema = Objects.requireNonNull(schema, "schema");
            this.builders = new Column.Builder[schema.size()];
            for (int i = 0; i < builders.length; i++) {
                builders[i] = new Column.Builder(schema.field(i).type(), 16);
            }
        }

        /**
         * Adds a row of boxed values in schema order.
         *
         * @param values one value per column; null for a null
         * @return this builder
         * @throws IllegalArgumentException naming the column when a value does not fit or a non-null
         *     column gets null
         */
        public RowBuilder addRow(Object... values) {
            if (values.length != builders.length) {
                throw new IllegalArgumentException("row has " + values.length + " values but the schema has "
                        + builders.length + " columns " + schema.names());
            }
            for (int i = 0; i < values.length; i++) {
                Field field = schema.field(i);
                if (values[i] == null && !field.nullable()) {
                    throw new IllegalArgumentException("column '" + field.name() + "' is not nullable (row "
                            + builders[i].size() + ")");
                }
                try {
                    builders[i].add(values[i]);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("column '" + field.name() + "': " + e.getMessage(), e);
                }
            }
            return this;
        }

        /**
         * @param row values by column name; absent names are null
         * @return this builder
         */
        public RowBuilder addRow(Map<String, ?> row) {
            for (String key : row.keySet()) {
                if (!schema.contains(key)) {
                    throw new IllegalArgumentException("no column '" + key + "'; columns are " + schema.names());
                }
            }
            Object[] values = new Object[schema.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = row.get(schema.field(i).name());
            }
            return addRow(values);
        }

        /** @return the number of rows added */
        public int rowCount() {
            return builders.length == 0 ? 0 : builders[0].size();
        }

        /** @return the table */
        public Table build() {
            List<Column> cols = new ArrayList<>();
            for (Column.Builder b : builders) {
                cols.add(b.build());
            }
            return of(schema, cols);
        }
    }

    /** Builds a table from whole columns, in the order they are added. */
    public static final class ColumnBuilder {
        private final List<Field> fields = new ArrayList<>();
        private final List<Column> columns = new ArrayList<>();

        private ColumnBuilder() {
        }

        /**
         * @param field the field
         * @param column its values
         * @return this builder
         */
        public ColumnBuilder add(Field field, Column column) {
            fields.add(field);
            columns.add(column);
            return this;
        }

        /**
         * @param name column name
         * @param values strings, nulls allowed
         * @return this builder
         */
        public ColumnBuilder addStrings(String name, String... values) {
            return add(Field.of(name, ColumnType.STRING), Column.ofStrings(values));
        }

        /**
         * @param name column name
         * @param values the values
         * @return this builder
         */
        public ColumnBuilder addLongs(String name, long... values) {
            return add(Field.of(name, ColumnType.LONG), Column.ofLongs(values));
        }

        /**
         * @param name column name
         * @param values the values
         * @return this builder
         */
        public ColumnBuilder addInts(String name, int... values) {
            return add(Field.of(name, ColumnType.INT), Column.ofInts(values));
        }

        /**
         * @param name column name
         * @param values the values
         * @return this builder
         */
        public ColumnBuilder addDoubles(String name, double... values) {
            return add(Field.of(name, ColumnType.DOUBLE), Column.ofDoubles(values));
        }

        /**
         * @param name column name
         * @param values the values
         * @return this builder
         */
        public ColumnBuilder addBooleans(String name, boolean... values) {
            return add(Field.of(name, ColumnType.BOOLEAN), Column.ofBooleans(values));
        }

        /** @return the table; see {@link Table#of} for the checks */
        public Table build() {
            return of(new Schema(fields), columns);
        }
    }
}
