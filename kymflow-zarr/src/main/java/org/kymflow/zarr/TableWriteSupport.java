package org.kymflow.zarr;

import java.util.HashMap;
import java.util.List;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
import org.kymflow.table.Column;
import org.kymflow.table.Schema;

/**
 * Writes a table's rows into Parquet: parquet-java asks for records one at a time, and here a record is a
 * row index into the slices of the table being written, so no row object is ever built.
 */
final class TableWriteSupport {
    private TableWriteSupport() {
    }

    /**
     * Feeds rows to parquet-java's record consumer, by row index over the slices. Each column gets its own
     * small writer, made when its slice begins, so the per-row loop only calls them. Written as one loop with
     * a switch on the column type, it was one method into which the JIT inlined the whole record-consumer
     * stack, and re-compiled every time a new kind of column reached it: about a second of compiler time
     * per recompilation, which a one-core run pays in full.
     */
    private static final class RowIndexWriteSupport extends WriteSupport<Integer> {
        private final Schema schema;
        private final List<ParquetTables.Slice> slices;
        private final MessageType parquetSchema;
        private RecordConsumer consumer;
        private int slice = -1;
        private int sliceEnd;
        private int sliceOffset;
        private FieldWriter[] writers;

        RowIndexWriteSupport(Schema schema, List<ParquetTables.Slice> slices, MessageType parquetSchema) {
            this.schema = schema;
            this.slices = slices;
            this.parquetSchema = parquetSchema;
        }

        @Override
        public WriteContext init(ParquetConfiguration configuration) {
            return new WriteContext(parquetSchema, new HashMap<>());
        }

        @Override
        @SuppressWarnings("deprecation") // abstract in WriteSupport, so it must exist; the ParquetConfiguration form is used
        public WriteContext init(org.apache.hadoop.conf.Configuration configuration) {
            return new WriteContext(parquetSchema, new HashMap<>());
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            this.consumer = recordConsumer;
        }

        @Override
        public void write(Integer boxedRow) {
            int index = boxedRow;
            while (index >= sliceEnd) { // rows come in order: walk forward to the slice that holds this one
                nextSlice();
            }
            int row = index - sliceOffset;
            consumer.startMessage();
            for (FieldWriter writer : writers) {
                writer.write(consumer, row);
            }
            consumer.endMessage();
        }

        private void nextSlice() {
            int start = sliceEnd;
            ParquetTables.Slice s = slices.get(++slice);
            sliceEnd = start + s.rows();
            sliceOffset = start - s.from();
            writers = new FieldWriter[schema.size()];
            for (int c = 0; c < writers.length; c++) {
                writers[c] = fieldWriter(s.table().column(c), schema.field(c).name(), c);
            }
        }
    }

    /** Writes one column of a row, or nothing for a null. */
    private interface FieldWriter {
        void write(RecordConsumer consumer, int row);
    }

    private static FieldWriter fieldWriter(Column column, String name, int index) {
        FieldWriter value = switch (column.type()) {
            case STRING -> (consumer, row) -> consumer.addBinary(Binary.fromString(column.getString(row)));
            case LONG -> (consumer, row) -> consumer.addLong(column.getLong(row));
            case INT -> (consumer, row) -> consumer.addInteger(column.getInt(row));
            case DOUBLE -> (consumer, row) -> consumer.addDouble(column.getDouble(row));
            case BOOLEAN -> (consumer, row) -> consumer.addBoolean(column.getBoolean(row));
        };
        return (consumer, row) -> {
            if (!column.isNull(row)) {
                consumer.startField(name, index);
                value.write(consumer, row);
                consumer.endField(name, index);
            }
        };
    }

    /** The writer builder that hands parquet-java our write support. */
    static final class Builder extends ParquetWriter.Builder<Integer, Builder> {
        private final Schema schema;
        private final List<ParquetTables.Slice> slices;
        private final MessageType parquetSchema;

        Builder(OutputFile file, Schema schema, List<ParquetTables.Slice> slices, MessageType parquetSchema) {
            super(file);
            this.schema = schema;
            this.slices = slices;
            this.parquetSchema = parquetSchema;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        @SuppressWarnings("deprecation") // abstract in ParquetWriter.Builder, so it must exist; the ParquetConfiguration form is used
        protected WriteSupport<Integer> getWriteSupport(org.apache.hadoop.conf.Configuration conf) {
            return new RowIndexWriteSupport(schema, slices, parquetSchema);
        }

        @Override
        protected WriteSupport<Integer> getWriteSupport(ParquetConfiguration conf) {
            return new RowIndexWriteSupport(schema, slices, parquetSchema);
        }
    }
}
