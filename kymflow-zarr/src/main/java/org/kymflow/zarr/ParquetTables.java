package org.kymflow.zarr;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.SeekableInputStream;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.kymflow.table.Column;
import org.kymflow.table.ColumnType;
import org.kymflow.table.Field;
import org.kymflow.table.Schema;
import org.kymflow.table.Table;

/**
 * Tables as Parquet files (ZSTD), through parquet-java without a Hadoop installation.
 *
 * <p>Files are built in memory and handed to the store as one atomic put, so the directory store and the
 * in-memory store share this code. Reading goes through parquet-java's column API, one column at a
 * time, straight into {@link Column}s.
 */
final class ParquetTables {
    private ParquetTables() {
    }

    /** @return the Parquet bytes of the table */
    static byte[] write(Table table) throws IOException {
        MessageType parquetSchema = toParquet(table.schema());
        MemoryOutputFile out = new MemoryOutputFile();
        ParquetConfiguration conf = new PlainParquetConfiguration();
        try (ParquetWriter<Integer> writer = new RowIndexWriterBuilder(out, table, parquetSchema)
                .withConf(conf)
                .withCompressionCodec(CompressionCodecName.ZSTD)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .withDictionaryEncoding(true)
                .build()) {
            for (int r = 0; r < table.rowCount(); r++) {
                writer.write(r);
            }
        }
        return out.bytes.toByteArray();
    }

    static MessageType toParquet(Schema schema) {
        Types.MessageTypeBuilder builder = Types.buildMessage();
        for (Field f : schema.fields()) {
            Type.Repetition rep = f.nullable() ? Type.Repetition.OPTIONAL : Type.Repetition.REQUIRED;
            switch (f.type()) {
                case STRING -> builder.primitive(PrimitiveTypeName.BINARY, rep).as(LogicalTypeAnnotation.stringType()).named(f.name());
                case LONG -> builder.primitive(PrimitiveTypeName.INT64, rep).named(f.name());
                case INT -> builder.primitive(PrimitiveTypeName.INT32, rep).named(f.name());
                case DOUBLE -> builder.primitive(PrimitiveTypeName.DOUBLE, rep).named(f.name());
                case BOOLEAN -> builder.primitive(PrimitiveTypeName.BOOLEAN, rep).named(f.name());
            }
        }
        return builder.named("schema");
    }

    /**
     * @param bytes a Parquet file
     * @param where the file, for messages
     * @return the table
     * @throws ZarrException naming the file when it is not Parquet, is truncated, or holds a column type
     *     a Table cannot (nested or repeated columns)
     */
    static Table read(byte[] bytes, String where) {
        try (ParquetFileReader reader = ParquetFileReader.open(new MemoryInputFile(bytes),
                ParquetReadOptions.builder(new PlainParquetConfiguration()).build())) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            String createdBy = reader.getFooter().getFileMetaData().getCreatedBy();
            List<ColumnDescriptor> descriptors = schema.getColumns();
            List<Field> fields = new ArrayList<>();
            for (ColumnDescriptor d : descriptors) {
                fields.add(fieldOf(d, where));
            }
            int total = Math.toIntExact(reader.getRecordCount());
            List<Column.Builder> builders = new ArrayList<>();
            for (Field f : fields) {
                builders.add(new Column.Builder(f.type(), total));
            }
            PageReadStore pages;
            while ((pages = reader.readNextRowGroup()) != null) {
                long rows = pages.getRowCount();
                ColumnReadStoreImpl store = new ColumnReadStoreImpl(pages, new NoOpGroupConverter(schema.getFieldCount()), schema, createdBy);
                for (int c = 0; c < descriptors.size(); c++) {
                    ColumnDescriptor d = descriptors.get(c);
                    readColumn(store.getColumnReader(d), d, rows, builders.get(c));
                }
            }
            List<Column> columns = new ArrayList<>();
            for (Column.Builder b : builders) {
                columns.add(b.build());
            }
            return Table.of(new Schema(fields), columns);
        } catch (IOException | RuntimeException e) {
            if (e instanceof ZarrException z) {
                throw z;
            }
            throw new ZarrException(where + ": not a readable Parquet file: " + e.getMessage(), e);
        }
    }

    /** Schema and row count from the footer alone. */
    static TableInfo describe(String name, byte[] bytes, String where) {
        try (ParquetFileReader reader = ParquetFileReader.open(new MemoryInputFile(bytes),
                ParquetReadOptions.builder(new PlainParquetConfiguration()).build())) {
            List<Field> fields = new ArrayList<>();
            for (ColumnDescriptor d : reader.getFooter().getFileMetaData().getSchema().getColumns()) {
                fields.add(fieldOf(d, where));
            }
            return new TableInfo(name, new Schema(fields), reader.getRecordCount());
        } catch (IOException | RuntimeException e) {
            if (e instanceof ZarrException z) {
                throw z;
            }
            throw new ZarrException(where + ": not a readable Parquet file: " + e.getMessage(), e);
        }
    }

    private static Field fieldOf(ColumnDescriptor d, String where) {
        String name = String.join(".", d.getPath());
        if (d.getMaxRepetitionLevel() > 0 || d.getPath().length > 1) {
            throw new ZarrException(where + ": column '" + name + "' is nested or repeated; tables hold flat columns only");
        }
        PrimitiveType type = d.getPrimitiveType();
        boolean nullable = d.getMaxDefinitionLevel() > 0;
        ColumnType ct = switch (type.getPrimitiveTypeName()) {
            case INT32 -> ColumnType.INT;
            case INT64 -> ColumnType.LONG;
            case FLOAT, DOUBLE -> ColumnType.DOUBLE;
            case BOOLEAN -> ColumnType.BOOLEAN;
            case BINARY, FIXED_LEN_BYTE_ARRAY -> ColumnType.STRING;
            case INT96 -> throw new ZarrException(where + ": column '" + name + "' is INT96 (legacy timestamp), not supported");
        };
        return new Field(name, ct, nullable);
    }

    private static void readColumn(ColumnReader reader, ColumnDescriptor d, long rows, Column.Builder out) {
        int maxDef = d.getMaxDefinitionLevel();
        PrimitiveTypeName type = d.getPrimitiveType().getPrimitiveTypeName();
        for (long r = 0; r < rows; r++) {
            if (reader.getCurrentDefinitionLevel() < maxDef) {
                out.addNull();
            } else {
                switch (type) {
                    case INT32 -> out.addInt(reader.getInteger());
                    case INT64 -> out.addLong(reader.getLong());
                    case FLOAT -> out.addDouble(reader.getFloat());
                    case DOUBLE -> out.addDouble(reader.getDouble());
                    case BOOLEAN -> out.add(reader.getBoolean());
                    default -> out.add(reader.getBinary().toStringUsingUTF8());
                }
            }
            reader.consume();
        }
    }

    /** Writes row r of the table; the row index is the record. */
    private static final class RowIndexWriteSupport extends WriteSupport<Integer> {
        private final Table table;
        private final MessageType schema;
        private RecordConsumer consumer;

        RowIndexWriteSupport(Table table, MessageType schema) {
            this.table = table;
            this.schema = schema;
        }

        @Override
        public WriteContext init(ParquetConfiguration configuration) {
            return new WriteContext(schema, new HashMap<>());
        }

        @Override
        @SuppressWarnings("deprecation") // abstract in WriteSupport, so it must exist; the ParquetConfiguration form is used
        public WriteContext init(org.apache.hadoop.conf.Configuration configuration) {
            return new WriteContext(schema, new HashMap<>());
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            this.consumer = recordConsumer;
        }

        @Override
        public void write(Integer boxedRow) {
            int row = boxedRow;
            consumer.startMessage();
            for (int c = 0; c < table.columnCount(); c++) {
                Column column = table.column(c);
                if (column.isNull(row)) {
                    continue;
                }
                String name = table.schema().field(c).name();
                consumer.startField(name, c);
                switch (column.type()) {
                    case STRING -> consumer.addBinary(Binary.fromString(column.getString(row)));
                    case LONG -> consumer.addLong(column.getLong(row));
                    case INT -> consumer.addInteger(column.getInt(row));
                    case DOUBLE -> consumer.addDouble(column.getDouble(row));
                    case BOOLEAN -> consumer.addBoolean(column.getBoolean(row));
                }
                consumer.endField(name, c);
            }
            consumer.endMessage();
        }
    }

    private static final class RowIndexWriterBuilder extends ParquetWriter.Builder<Integer, RowIndexWriterBuilder> {
        private final Table table;
        private final MessageType schema;

        RowIndexWriterBuilder(OutputFile file, Table table, MessageType schema) {
            super(file);
            this.table = table;
            this.schema = schema;
        }

        @Override
        protected RowIndexWriterBuilder self() {
            return this;
        }

        @Override
        @SuppressWarnings("deprecation") // abstract in ParquetWriter.Builder, so it must exist; the ParquetConfiguration form is used
        protected WriteSupport<Integer> getWriteSupport(org.apache.hadoop.conf.Configuration conf) {
            return new RowIndexWriteSupport(table, schema);
        }

        @Override
        protected WriteSupport<Integer> getWriteSupport(ParquetConfiguration conf) {
            return new RowIndexWriteSupport(table, schema);
        }
    }

    /** ColumnReadStoreImpl wants a converter tree; we read values from the ColumnReader instead. */
    private static final class NoOpGroupConverter extends GroupConverter {
        private final PrimitiveConverter primitive = new PrimitiveConverter() {
        };
        private final int fields;

        NoOpGroupConverter(int fields) {
            this.fields = fields;
        }

        @Override
        public Converter getConverter(int fieldIndex) {
            if (fieldIndex >= fields) {
                throw new IndexOutOfBoundsException("field " + fieldIndex + " of " + fields);
            }
            return primitive;
        }

        @Override
        public void start() {
        }

        @Override
        public void end() {
        }
    }

    private static final class MemoryOutputFile implements OutputFile {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);

        @Override
        public PositionOutputStream create(long blockSizeHint) {
            return createOrOverwrite(blockSizeHint);
        }

        @Override
        public PositionOutputStream createOrOverwrite(long blockSizeHint) {
            bytes.reset();
            return new PositionOutputStream() {
                @Override
                public long getPos() {
                    return bytes.size();
                }

                @Override
                public void write(int b) {
                    bytes.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    bytes.write(b, off, len);
                }
            };
        }

        @Override
        public boolean supportsBlockSize() {
            return false;
        }

        @Override
        public long defaultBlockSize() {
            return 0;
        }
    }

    private static final class MemoryInputFile implements InputFile {
        private final byte[] bytes;

        MemoryInputFile(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public long getLength() {
            return bytes.length;
        }

        @Override
        public SeekableInputStream newStream() {
            SeekableByteArrayStream in = new SeekableByteArrayStream(bytes);
            return new DelegatingSeekableInputStream(in) {
                @Override
                public long getPos() {
                    return in.position();
                }

                @Override
                public void seek(long newPos) {
                    in.seek(newPos);
                }
            };
        }
    }

    private static final class SeekableByteArrayStream extends java.io.ByteArrayInputStream {
        SeekableByteArrayStream(byte[] bytes) {
            super(bytes);
        }

        long position() {
            return pos;
        }

        void seek(long newPos) {
            if (newPos < 0 || newPos > count) {
                throw new IllegalArgumentException("seek to " + newPos + " outside 0.." + count);
            }
            pos = (int) newPos;
        }
    }
}
