package org.kymflow.table;

import java.util.BitSet;
import java.util.List;
import java.util.Objects;

/**
 * One immutable column of values of a single {@link ColumnType}, with per-row nulls.
 *
 * <p>Values sit in one primitive array ({@code String[]} for strings, whose nulls are null references);
 * the factories copy their arguments, so a column never changes after it is made. Typed getters throw
 * {@link IllegalArgumentException} when asked for the wrong type, {@link IllegalStateException} for a null value.
 */
public final class Column {
    private final ColumnType type;
    private final int size;
    private final Object values;
    private final BitSet nulls; // only for primitive types; empty when no nulls

    private Column(ColumnType type, int size, Object values, BitSet nulls) {
        this.type = type;
        this.size = size;
        this.values = values;
        this.nulls = nulls;
    }

    /**
     * @param values the strings, nulls allowed
     * @return a STRING column holding a copy of them
     */
    public static Column ofStrings(String... values) {
        return new Column(ColumnType.STRING, values.length, values.clone(), new BitSet());
    }

    /**
     * @param values the values
     * @return a LONG column without nulls
     */
    public static Column ofLongs(long... values) {
        return new Column(ColumnType.LONG, values.length, values.clone(), new BitSet());
    }

    /**
     * @param values the values
     * @param nulls rows that are null (their value is ignored)
     * @return a LONG column
     */
    public static Column ofLongs(long[] values, BitSet nulls) {
        return new Column(ColumnType.LONG, values.length, values.clone(), cleanNulls(nulls, values.length));
    }

    /**
     * @param values the values
     * @return an INT column without nulls
     */
    public static Column ofInts(int... values) {
        return new Column(ColumnType.INT, values.length, values.clone(), new BitSet());
    }

    /**
     * @param values the values
     * @param nulls rows that are null
     * @return an INT column
     */
    public static Column ofInts(int[] values, BitSet nulls) {
        return new Column(ColumnType.INT, values.length, values.clone(), cleanNulls(nulls, values.length));
    }

    /**
     * @param values the values; NaN is a value, not a null
     * @return a DOUBLE column without nulls
     */
    public static Column ofDoubles(double... values) {
        return new Column(ColumnType.DOUBLE, values.length, values.clone(), new BitSet());
    }

    /**
     * @param values the values
     * @param nulls rows that are null
     * @return a DOUBLE column
     */
    public static Column ofDoubles(double[] values, BitSet nulls) {
        return new Column(ColumnType.DOUBLE, values.length, values.clone(), cleanNulls(nulls, values.length));
    }

    /**
     * @param values the values
     * @return a BOOLEAN column without nulls
     */
    public static Column ofBooleans(boolean... values) {
        return new Column(ColumnType.BOOLEAN, values.length, values.clone(), new BitSet());
    }

    /**
     * @param values the values
     * @param nulls rows that are null
     * @return a BOOLEAN column
     */
    public static Column ofBooleans(boolean[] values, BitSet nulls) {
        return new Column(ColumnType.BOOLEAN, values.length, values.clone(), cleanNulls(nulls, values.length));
    }

    /**
     * A column of {@code size} nulls.
     *
     * @param type the type
     * @param size the row count
     * @return the column
     */
    public static Column nulls(ColumnType type, int size) {
        BitSet all = new BitSet(size);
        all.set(0, size);
        return switch (type) {
            case STRING -> new Column(type, size, new String[size], new BitSet());
            case LONG -> new Column(type, size, new long[size], all);
            case INT -> new Column(type, size, new int[size], all);
            case DOUBLE -> new Column(type, size, new double[size], all);
            case BOOLEAN -> new Column(type, size, new boolean[size], all);
        };
    }

    /**
     * A column holding one value in every row.
     *
     * @param type the type
     * @param value the value (boxed), or null
     * @param size the row count
     * @return the column
     */
    public static Column constant(ColumnType type, Object value, int size) {
        if (value == null) {
            return nulls(type, size);
        }
        Builder builder = new Builder(type, size);
        for (int i = 0; i < size; i++) {
            builder.add(value);
        }
        return builder.build();
    }

    private static BitSet cleanNulls(BitSet nulls, int size) {
        BitSet copy = (BitSet) Objects.requireNonNull(nulls, "nulls").clone();
        if (copy.length() > size) {
            throw new IllegalArgumentException("null mask marks row " + (copy.length() - 1)
                    + " but the column has " + size + " rows");
        }
        return copy;
    }

    /** @return the value type */
    public ColumnType type() {
        return type;
    }

    /** @return the number of rows */
    public int size() {
        return size;
    }

    /**
     * @param row a row index
     * @return whether that row is null
     */
    public boolean isNull(int row) {
        Objects.checkIndex(row, size);
        return type == ColumnType.STRING ? ((String[]) values)[row] == null : nulls.get(row);
    }

    /** @return how many rows are null */
    public int nullCount() {
        if (type != ColumnType.STRING) {
            return nulls.cardinality();
        }
        int count = 0;
        for (String s : (String[]) values) {
            count += s == null ? 1 : 0;
        }
        return count;
    }

    /**
     * @param row a row index
     * @return the string, or null
     */
    public String getString(int row) {
        requireType(ColumnType.STRING);
        Objects.checkIndex(row, size);
        return ((String[]) values)[row];
    }

    /**
     * @param row a row index
     * @return the value
     * @throws IllegalArgumentException when the column is not LONG
     * @throws IllegalStateException when the row is null
     */
    public long getLong(int row) {
        requireType(ColumnType.LONG);
        requireNonNull(row);
        return ((long[]) values)[row];
    }

    /**
     * @param row a row index
     * @return the value
     * @throws IllegalArgumentException when the column is not INT
     * @throws IllegalStateException when the row is null
     */
    public int getInt(int row) {
        requireType(ColumnType.INT);
        requireNonNull(row);
        return ((int[]) values)[row];
    }

    /**
     * @param row a row index
     * @return the value
     * @throws IllegalArgumentException when the column is not DOUBLE
     * @throws IllegalStateException when the row is null
     */
    public double getDouble(int row) {
        requireType(ColumnType.DOUBLE);
        requireNonNull(row);
        return ((double[]) values)[row];
    }

    /**
     * @param row a row index
     * @return the value
     * @throws IllegalArgumentException when the column is not BOOLEAN
     * @throws IllegalStateException when the row is null
     */
    public boolean getBoolean(int row) {
        requireType(ColumnType.BOOLEAN);
        requireNonNull(row);
        return ((boolean[]) values)[row];
    }

    /**
     * @param row a row index
     * @return the value boxed ({@code String, Long, Integer, Double, Boolean}), or null
     */
    public Object get(int row) {
        if (isNull(row)) {
            return null;
        }
        return switch (type) {
            case STRING -> ((String[]) values)[row];
            case LONG -> ((long[]) values)[row];
            case INT -> ((int[]) values)[row];
            case DOUBLE -> ((double[]) values)[row];
            case BOOLEAN -> ((boolean[]) values)[row];
        };
    }

    /**
     * The value of a numeric row as a double (LONG, INT, DOUBLE).
     *
     * @param row a row index
     * @return the value, or NaN when null
     */
    public double getAsDouble(int row) {
        if (isNull(row)) {
            return Double.NaN;
        }
        return switch (type) {
            case LONG -> ((long[]) values)[row];
            case INT -> ((int[]) values)[row];
            case DOUBLE -> ((double[]) values)[row];
            default -> throw new IllegalArgumentException("column of type " + type + " is not numeric");
        };
    }

    /**
     * @param rows the row indices to keep, in output order
     * @return a new column of those rows
     */
    public Column select(int[] rows) {
        int n = rows.length;
        Object out = Builder.newArray(type, n);
        for (int i = 0; i < n; i++) {
            Objects.checkIndex(rows[i], size);
        }
        // typed copies: a filter over a million-row table must not box every value
        switch (type) {
            case STRING -> {
                String[] from = (String[]) values;
                String[] to = (String[]) out;
                for (int i = 0; i < n; i++) {
                    to[i] = from[rows[i]];
                }
            }
            case LONG -> {
                long[] from = (long[]) values;
                long[] to = (long[]) out;
                for (int i = 0; i < n; i++) {
                    to[i] = from[rows[i]];
                }
            }
            case INT -> {
                int[] from = (int[]) values;
                int[] to = (int[]) out;
                for (int i = 0; i < n; i++) {
                    to[i] = from[rows[i]];
                }
            }
            case DOUBLE -> {
                double[] from = (double[]) values;
                double[] to = (double[]) out;
                for (int i = 0; i < n; i++) {
                    to[i] = from[rows[i]];
                }
            }
            case BOOLEAN -> {
                boolean[] from = (boolean[]) values;
                boolean[] to = (boolean[]) out;
                for (int i = 0; i < n; i++) {
                    to[i] = from[rows[i]];
                }
            }
        }
        BitSet selectedNulls = new BitSet();
        if (!nulls.isEmpty()) {
            for (int i = 0; i < n; i++) {
                if (nulls.get(rows[i])) {
                    selectedNulls.set(i);
                }
            }
        }
        return new Column(type, n, out, selectedNulls);
    }

    /**
     * Stacks columns of one type; a null part stands for that many null rows (a column a table lacks).
     * Copies whole primitive arrays, so a concat of large tables boxes nothing.
     */
    static Column concat(ColumnType type, List<Column> parts, int[] sizes) {
        int total = 0;
        for (int s : sizes) {
            total += s;
        }
        Object out = Builder.newArray(type, total);
        BitSet outNulls = new BitSet();
        int offset = 0;
        for (int p = 0; p < sizes.length; p++) {
            Column part = parts.get(p);
            if (part == null) {
                if (type != ColumnType.STRING) {
                    outNulls.set(offset, offset + sizes[p]); // strings are null by default in a new String[]
                }
            } else {
                if (part.type != type) {
                    throw new IllegalArgumentException("cannot stack a " + part.type + " column onto " + type);
                }
                System.arraycopy(part.values, 0, out, offset, part.size);
                for (int i = part.nulls.nextSetBit(0); i >= 0; i = part.nulls.nextSetBit(i + 1)) {
                    outNulls.set(offset + i);
                }
            }
            offset += sizes[p];
        }
        return new Column(type, total, out, outNulls);
    }

    private void requireType(ColumnType wanted) {
        if (type != wanted) {
            throw new IllegalArgumentException("column holds " + type + ", not " + wanted);
        }
    }

    private void requireNonNull(int row) {
        Objects.checkIndex(row, size);
        if (nulls.get(row)) {
            throw new IllegalStateException("row " + row + " is null; check isNull first");
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Column other) || other.type != type || other.size != size) {
            return false;
        }
        for (int i = 0; i < size; i++) {
            if (!Objects.equals(get(i), other.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = type.hashCode() * 31 + size;
        for (int i = 0; i < Math.min(size, 64); i++) {
            h = h * 31 + Objects.hashCode(get(i));
        }
        return h;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(type.toString()).append('[');
        for (int i = 0; i < Math.min(size, 10); i++) {
            sb.append(i == 0 ? "" : ", ").append(get(i));
        }
        return sb.append(size > 10 ? ", ...]" : "]").toString();
    }

    /**
     * A growable buffer that makes one column, value by value. Not thread-safe.
     */
    public static final class Builder {
        private final ColumnType type;
        private Object values;
        private final BitSet nulls = new BitSet();
        private int size;

        /**
         * @param type the column type
         * @param expectedSize a capacity hint
         */
        public Builder(ColumnType type, int expectedSize) {
            this.type = Objects.requireNonNull(type, "type");
            this.values = newArray(type, Math.max(expectedSize, 8));
        }

        static Object newArray(ColumnType type, int capacity) {
            return switch (type) {
                case STRING -> new String[capacity];
                case LONG -> new long[capacity];
                case INT -> new int[capacity];
                case DOUBLE -> new double[capacity];
                case BOOLEAN -> new boolean[capacity];
            };
        }

        private void grow() {
            int capacity = java.lang.reflect.Array.getLength(values);
            if (size == capacity) {
                Object bigger = newArray(type, capacity * 2);
                System.arraycopy(values, 0, bigger, 0, size);
                values = bigger;
            }
        }

        /** @return the rows added so far */
        public int size() {
            return size;
        }

        /**
         * Appends a null.
         *
         * @return this builder
         */
        public Builder addNull() {
            grow();
            if (type != ColumnType.STRING) {
                nulls.set(size);
            }
            size++;
            return this;
        }

        /**
         * Appends a boxed value, checking its type. Integers widen to LONG and DOUBLE columns; Long to
         * INT only when it fits.
         *
         * @param value the value, or null
         * @return this builder
         * @throws IllegalArgumentException when the value does not fit the column type
         */
        public Builder add(Object value) {
            if (value == null) {
                return addNull();
            }
            grow();
            switch (type) {
                case STRING -> {
                    if (!(value instanceof String s)) {
                        throw mismatch(value);
                    }
                    ((String[]) values)[size] = s;
                }
                case LONG -> {
                    if (!(value instanceof Long || value instanceof Integer || value instanceof Short
                            || value instanceof Byte)) {
                        throw mismatch(value);
                    }
                    ((long[]) values)[size] = ((Number) value).longValue();
                }
                case INT -> {
                    long v;
                    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
                        v = ((Number) value).intValue();
                    } else if (value instanceof Long l && l == l.intValue()) {
                        v = l;
                    } else {
                        throw mismatch(value);
                    }
                    ((int[]) values)[size] = (int) v;
                }
                case DOUBLE -> {
                    if (!(value instanceof Number n)) {
                        throw mismatch(value);
                    }
                    ((double[]) values)[size] = n.doubleValue();
                }
                case BOOLEAN -> {
                    if (!(value instanceof Boolean b)) {
                        throw mismatch(value);
                    }
                    ((boolean[]) values)[size] = b;
                }
            }
            size++;
            return this;
        }

        /**
         * @param value a LONG value
         * @return this builder
         */
        public Builder addLong(long value) {
            if (type != ColumnType.LONG) {
                return add(value);
            }
            grow();
            ((long[]) values)[size++] = value;
            return this;
        }

        /**
         * @param value an INT value
         * @return this builder
         */
        public Builder addInt(int value) {
            if (type != ColumnType.INT) {
                return add(value);
            }
            grow();
            ((int[]) values)[size++] = value;
            return this;
        }

        /**
         * @param value a DOUBLE value
         * @return this builder
         */
        public Builder addDouble(double value) {
            if (type != ColumnType.DOUBLE) {
                return add(value);
            }
            grow();
            ((double[]) values)[size++] = value;
            return this;
        }

        private IllegalArgumentException mismatch(Object value) {
            return new IllegalArgumentException("value " + value + " of type " + value.getClass().getSimpleName()
                    + " does not fit a " + type + " column (row " + size + ")");
        }

        /** @return the column built so far; the builder may be reused afterwards */
        public Column build() {
            Object trimmed = newArray(type, size);
            System.arraycopy(values, 0, trimmed, 0, size);
            return new Column(type, size, trimmed, (BitSet) nulls.clone());
        }
    }
}
