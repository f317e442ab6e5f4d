package org.kymflow.arrow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.kymflow.table.Column;
import org.kymflow.table.ColumnType;
import org.kymflow.table.Field;
import org.kymflow.table.Schema;
import org.kymflow.table.Table;

/**
 * A kymflow {@link Table} to and from Apache Arrow: every column type, nulls and nullability kept.
 * STRING is Arrow {@code Utf8}, LONG {@code Int(64, signed)}, INT {@code Int(32, signed)}, DOUBLE
 * {@code FloatingPoint(DOUBLE)} (NaN stays a value, not a null) and BOOLEAN {@code Bool}. Arrow IPC files
 * ({@code .arrow}, the "Feather v2" file format) are what pandas, polars, R and JavaScript open directly.
 *
 * <p>On Java 17 Arrow needs {@code --add-opens=java.base/java.nio=ALL-UNNAMED} (the {@code kymflow}
 * launcher sets it); without it the first allocation fails with Arrow's own message.
 */
public final class ArrowTables {
    private ArrowTables() {
    }

    /**
     * @param schema a kymflow schema
     * @return the Arrow schema of the same columns, in order
     */
    public static org.apache.arrow.vector.types.pojo.Schema arrowSchema(Schema schema) {
        List<org.apache.arrow.vector.types.pojo.Field> fields = new ArrayList<>();
        for (Field f : schema.fields()) {
            fields.add(new org.apache.arrow.vector.types.pojo.Field(f.name(), new FieldType(f.nullable(), arrowType(f.type()), null), null));
        }
        return new org.apache.arrow.vector.types.pojo.Schema(fields);
    }

    /**
     * Copies a table into Arrow vectors.
     *
     * @param table the table
     * @param allocator where the vectors' memory comes from
     * @return the vectors, one per column; the caller closes them
     */
    public static VectorSchemaRoot toArrow(Table table, BufferAllocator allocator) {
        VectorSchemaRoot root = VectorSchemaRoot.create(arrowSchema(table.schema()), allocator);
        try {
            int rows = table.rowCount();
            for (int c = 0; c < table.columnCount(); c++) {
                fill(root.getVector(c), table.column(c), rows);
            }
            root.setRowCount(rows);
            return root;
        } catch (RuntimeException e) {
            root.close(); // never leak the vectors of a half-made root
            throw e;
        }
    }

    /**
     * Copies Arrow vectors into a table.
     *
     * @param root the vectors
     * @return the table, with the same columns, nullability and nulls
     * @throws IllegalArgumentException naming the column when its Arrow type has no kymflow column type
     */
    public static Table fromArrow(VectorSchemaRoot root) {
        Table.ColumnBuilder b = Table.columnBuilder();
        int rows = root.getRowCount();
        for (FieldVector v : root.getFieldVectors()) {
            org.apache.arrow.vector.types.pojo.Field f = v.getField();
            ColumnType type = columnType(f);
            b.add(new Field(f.getName(), type, f.isNullable()), column(v, type, rows));
        }
        return b.build();
    }

    /**
     * Writes a table as an Arrow IPC file, atomically (see {@link FileWriter}).
     *
     * @param table the table
     * @param file the {@code .arrow} file
     * @throws UncheckedIOException naming the file when it cannot be written
     */
    public static void writeFile(Table table, Path file) {
        try (FileWriter writer = new FileWriter(file, table.schema())) {
            writer.write(table);
            writer.commit();
        }
    }

    /**
     * Writes an Arrow IPC file one record batch at a time, so a table larger than memory can be written
     * from a scan. The file appears only on {@link #commit}: until then it is a temporary file beside it,
     * removed by {@link #close} if the writing stopped half-way.
     */
    public static final class FileWriter implements AutoCloseable {
        private final Path file;
        private final Path temp;
        private final Schema schema;
        private final BufferAllocator allocator = new RootAllocator();
        private final VectorSchemaRoot root;
        private final FileChannel channel;
        private final ArrowFileWriter writer;
        private boolean committed;

        /**
         * @param file the {@code .arrow} file to make
         * @param schema the columns of every batch
         * @throws UncheckedIOException naming the file when it cannot be created
         */
        public FileWriter(Path file, Schema schema) {
            this.file = file;
            this.temp = file.resolveSibling("." + file.getFileName() + ".tmp");
            this.schema = schema;
            this.root = VectorSchemaRoot.create(arrowSchema(schema), allocator);
            try {
                this.channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
                this.writer = new ArrowFileWriter(root, null, channel);
                writer.start();
            } catch (IOException e) {
                root.close();
                allocator.close();
                throw new UncheckedIOException("cannot write the Arrow file " + file + ": " + e.getMessage(), e);
            }
        }

        /**
         * @param batch rows with the writer's schema (an empty batch writes nothing)
         * @throws IllegalArgumentException when the batch has other columns
         * @throws UncheckedIOException naming the file when writing fails
         */
        public void write(Table batch) {
            if (!batch.schema().equals(schema)) {
                throw new IllegalArgumentException("a batch for " + file + " has columns " + batch.schema() + ", the file " + schema);
            }
            if (batch.rowCount() == 0) {
                return;
            }
            root.clear();
            for (int c = 0; c < batch.columnCount(); c++) {
                fill(root.getVector(c), batch.column(c), batch.rowCount());
            }
            root.setRowCount(batch.rowCount());
            try {
                writer.writeBatch();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the Arrow file " + file + ": " + e.getMessage(), e);
            }
        }

        /**
         * Finishes the file and renames it into place.
         *
         * @throws UncheckedIOException naming the file when it cannot be finished
         */
        public void commit() {
            try {
                writer.end();
                channel.force(true);
                writer.close(); // closes the channel too
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                committed = true;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the Arrow file " + file + ": " + e.getMessage(), e);
            }
        }

        /** Frees the vectors; without a commit, removes the temporary file. */
        @Override
        public void close() {
            try {
                if (!committed) { // a commit closed both already
                    writer.close(); // closes the channel too
                    Files.deleteIfExists(temp);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot clean up after the Arrow file " + file + ": " + e.getMessage(), e);
            } finally {
                root.close();
                allocator.close();
            }
        }
    }

    /**
     * Writes a table as one Arrow IPC stream (the format an {@code ArrowStreamReader} reads, and what Arrow
     * consumers such as DuckDB take through the C stream interface).
     *
     * @param table the table
     * @param out where the stream goes (not closed)
     * @throws UncheckedIOException when writing fails
     */
    public static void writeStream(Table table, java.io.OutputStream out) {
        try (BufferAllocator allocator = new RootAllocator();
             VectorSchemaRoot root = toArrow(table, allocator);
             org.apache.arrow.vector.ipc.ArrowStreamWriter writer = new org.apache.arrow.vector.ipc.ArrowStreamWriter(root, null,
                     java.nio.channels.Channels.newChannel(out))) {
            writer.start();
            writer.writeBatch();
            writer.end();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write an Arrow stream: " + e.getMessage(), e);
        }
    }

    /**
     * Reads an Arrow IPC file written by any Arrow library (all its record batches, concatenated).
     *
     * @param file the {@code .arrow} file
     * @return the table
     * @throws UncheckedIOException naming the file when it cannot be read
     */
    public static Table readFile(Path file) {
        try (BufferAllocator allocator = new RootAllocator();
             FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
             ArrowFileReader reader = new ArrowFileReader(channel, allocator)) {
            List<Table> batches = new ArrayList<>();
            while (reader.loadNextBatch()) {
                batches.add(fromArrow(reader.getVectorSchemaRoot()));
            }
            if (batches.isEmpty()) {
                return Table.of(kymflowSchema(reader.getVectorSchemaRoot().getSchema()), emptyColumns(reader.getVectorSchemaRoot()));
            }
            return Table.concat(batches);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Arrow file " + file + ": " + e.getMessage(), e);
        }
    }

    private static Schema kymflowSchema(org.apache.arrow.vector.types.pojo.Schema schema) {
        List<Field> fields = new ArrayList<>();
        for (org.apache.arrow.vector.types.pojo.Field f : schema.getFields()) {
            fields.add(new Field(f.getName(), columnType(f), f.isNullable()));
        }
        return Schema.of(fields.toArray(Field[]::new));
    }

    private static List<Column> emptyColumns(VectorSchemaRoot root) {
        List<Column> out = new ArrayList<>();
        for (org.apache.arrow.vector.types.pojo.Field f : root.getSchema().getFields()) {
            out.add(Column.nulls(columnType(f), 0));
        }
        return out;
    }

    private static ArrowType arrowType(ColumnType type) {
        return switch (type) {
            case STRING -> ArrowType.Utf8.INSTANCE;
            case LONG -> new ArrowType.Int(64, true);
            case INT -> new ArrowType.Int(32, true);
            case DOUBLE -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
            case BOOLEAN -> ArrowType.Bool.INSTANCE;
        };
    }

    private static ColumnType columnType(org.apache.arrow.vector.types.pojo.Field f) {
        ArrowType t = f.getType();
        if (t instanceof ArrowType.Utf8) {
            return ColumnType.STRING;
        } else if (t instanceof ArrowType.Int i && i.getIsSigned() && i.getBitWidth() == 64) {
            return ColumnType.LONG;
        } else if (t instanceof ArrowType.Int i && i.getIsSigned() && i.getBitWidth() == 32) {
            return ColumnType.INT;
        } else if (t instanceof ArrowType.FloatingPoint fp && fp.getPrecision() == FloatingPointPrecision.DOUBLE) {
            return ColumnType.DOUBLE;
        } else if (t instanceof ArrowType.Bool) {
            return ColumnType.BOOLEAN;
        }
        throw new IllegalArgumentException("column '" + f.getName() + "' is Arrow " + t
                + ", which has no kymflow column type (utf8, int64, int32, float64 and bool do)");
    }

    private static void fill(FieldVector vector, Column column, int rows) {
        switch (column.type()) {
            case STRING -> {
                VarCharVector v = (VarCharVector) vector;
                v.allocateNew(rows);
                for (int r = 0; r < rows; r++) {
                    if (column.isNull(r)) {
                        v.setNull(r);
                    } else {
                        v.setSafe(r, column.getString(r).getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
            case LONG -> {
                BigIntVector v = (BigIntVector) vector;
                v.allocateNew(rows);
                for (int r = 0; r < rows; r++) {
                    if (column.isNull(r)) {
                        v.setNull(r);
                    } else {
                        v.set(r, column.getLong(r));
                    }
                }
            }
            case INT -> {
                IntVector v = (IntVector) vector;
                v.allocateNew(rows);
                for (int r = 0; r < rows; r++) {
                    if (column.isNull(r)) {
                        v.setNull(r);
                    } else {
                        v.set(r, column.getInt(r));
                    }
                }
            }
            case DOUBLE -> {
                Float8Vector v = (Float8Vector) vector;
                v.allocateNew(rows);
                for (int r = 0; r < rows; r++) {
                    if (column.isNull(r)) {
                        v.setNull(r);
                    } else {
                        v.set(r, column.getDouble(r));
                    }
                }
            }
            case BOOLEAN -> {
                BitVector v = (BitVector) vector;
                v.allocateNew(rows);
                for (int r = 0; r < rows; r++) {
                    if (column.isNull(r)) {
                        v.setNull(r);
                    } else {
                        v.set(r, column.getBoolean(r) ? 1 : 0);
                    }
                }
            }
        }
        vector.setValueCount(rows);
    }

    private static Column column(FieldVector vector, ColumnType type, int rows) {
        BitSet nulls = new BitSet();
        for (int r = 0; r < rows; r++) {
            if (vector.isNull(r)) {
                nulls.set(r);
            }
        }
        return switch (type) {
            case STRING -> {
                VarCharVector v = (VarCharVector) vector;
                String[] values = new String[rows];
                for (int r = 0; r < rows; r++) {
                    values[r] = v.isNull(r) ? null : new String(v.get(r), StandardCharsets.UTF_8);
                }
                yield Column.ofStrings(values);
            }
            case LONG -> {
                long[] values = new long[rows];
                for (int r = 0; r < rows; r++) {
                    values[r] = nulls.get(r) ? 0 : ((BigIntVector) vector).get(r);
                }
                yield Column.ofLongs(values, nulls);
            }
            case INT -> {
                int[] values = new int[rows];
                for (int r = 0; r < rows; r++) {
                    values[r] = nulls.get(r) ? 0 : ((IntVector) vector).get(r);
                }
                yield Column.ofInts(values, nulls);
            }
            case DOUBLE -> {
                double[] values = new double[rows];
                for (int r = 0; r < rows; r++) {
                    values[r] = nulls.get(r) ? 0 : ((Float8Vector) vector).get(r);
                }
                yield Column.ofDoubles(values, nulls);
            }
            case BOOLEAN -> {
                boolean[] values = new boolean[rows];
                for (int r = 0; r < rows; r++) {
                    values[r] = !nulls.get(r) && ((BitVector) vector).get(r) == 1;
                }
                yield Column.ofBooleans(values, nulls);
            }
        };
    }
}
