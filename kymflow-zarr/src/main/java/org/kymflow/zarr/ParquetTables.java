package org.kymflow.zarr;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.HadoopParquetConfiguration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.kymflow.table.Column;
import org.kymflow.table.ColumnType;
import org.kymflow.table.Field;
import org.kymflow.table.Schema;
import org.kymflow.table.Table;
import org.kymflow.zarr.parquet.ByteArrayInputFile;
import org.kymflow.zarr.parquet.PositionCountingOutputFile;

/**
 * Tables as Parquet files (ZSTD), through parquet-java without a Hadoop installation.
 *
 * <p>Files are built in memory and handed to the store as one atomic put, so the directory store and the
 * in-memory store share this code. Reading goes through parquet-java's column API, one column at a
 * time, straight into {@link Column}s.
 */
final class ParquetTables {
    static final String IMAGE_ID = ZarrDataset.IMAGE_ID_COLUMN;

    private ParquetTables() {
    }

    /** @return the Parquet bytes of the table as dataset tables are stored (row groups of parquet-java's default size) */
    static byte[] write(Table table) throws IOException {
        return write(table.schema(), List.of(new Slice(table, 0, table.rowCount())), false, true);
    }

    /**
     * @return the Parquet bytes of the table, plain-encoded and uncompressed: for one image's radon rows about
     *     ten times faster to write and seven times faster to read than {@link #write(Table)}
     *     (kymflow-bench's {@code ParquetBytesBenchmark}), and several times larger
     */
    static byte[] writePlain(Table table) throws IOException {
        return write(table.schema(), List.of(new Slice(table, 0, table.rowCount())), false, false);
    }

    /** A run of rows of a table, written without being copied out. */
    record Slice(Table table, int from, int to) {
        int rows() {
            return to - from;
        }
    }

    /**
     * @param schema the schema every slice's table has
     * @param slices rows to write, in order
     * @param oneRowGroup whether all rows go into one row group whatever its size (as a table rewrite needs)
     * @return the Parquet bytes
     */
    static byte[] write(Schema schema, List<Slice> slices, boolean oneRowGroup) throws IOException {
        return write(schema, slices, oneRowGroup, true);
    }

    /**
     * @param compact zstd and dictionary encoding, as dataset tables are stored; otherwise plain and uncompressed
     */
    private static byte[] write(Schema schema, List<Slice> slices, boolean oneRowGroup, boolean compact) throws IOException {
        MessageType parquetSchema = toParquet(schema);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
        PositionCountingOutputFile out = new PositionCountingOutputFile(bytes);
        ParquetConfiguration conf = configuration();
        int total = slices.stream().mapToInt(Slice::rows).sum();
        TableWriteSupport.Builder builder = new TableWriteSupport.Builder(out, schema, slices, parquetSchema);
        builder.withConf(conf)
                .withCompressionCodec(compact ? CompressionCodecName.ZSTD : CompressionCodecName.UNCOMPRESSED)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .withDictionaryEncoding(compact)
                .withRowGroupSize(oneRowGroup ? Long.MAX_VALUE : ParquetWriter.DEFAULT_BLOCK_SIZE);
        for (Field field : schema.fields()) {
            if (field.type() == ColumnType.DOUBLE) {
                // measurements rarely repeat: a dictionary of them is hashed value by value, then dropped
                builder.withDictionaryEncoding(field.name(), false);
            }
        }
        try (ParquetWriter<Integer> writer = builder.build()) {
            for (int r = 0; r < total; r++) {
                writer.write(r);
            }
        }
        return bytes.toByteArray();
    }

    /**
     * The configuration every reader and writer here gets. parquet-java builds its codecs through a Hadoop
     * {@code Configuration}, and from any other kind of configuration it makes a fresh one that parses
     * Hadoop's XML defaults (Woodstox, about a hundred classes) on first use; one that skips the defaults
     * is passed through as it is. No default Hadoop knows is read here: kymflow reads and writes through
     * its own streams, and the zstd codec takes its settings from parquet's own keys.
     */
    static ParquetConfiguration configuration() {
        return new HadoopParquetConfiguration(new org.apache.hadoop.conf.Configuration(false));
    }

    /**
     * @param file a Parquet file
     * @return a reader of it with {@link #configuration()}
     * @throws IOException when the file cannot be read or is not Parquet
     */
    static ParquetFileReader openReader(InputFile file) throws IOException {
        return ParquetFileReader.open(file, ParquetReadOptions.builder(configuration()).build());
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
        return read(new ByteArrayInputFile(bytes), where);
    }

    /** The whole table, read through positional reads of any input. */
    static Table read(InputFile file, String where) {
        return readRows(file, where, null, null, Long.MAX_VALUE);
    }

    /**
     * Reads part of a table, touching only what it must: row groups whose {@code image_id} statistics
     * exclude every wanted image are skipped unread, and only the wanted columns are decoded.
     *
     * @param file the Parquet file
     * @param where the file, for messages
     * @param imageIds the images whose rows are wanted, or null for all (needs an {@code image_id} column)
     * @param columns the columns wanted, in file order, or null for all
     * @param limit at most this many rows
     * @return the rows, in file order
     */
    static Table readRows(InputFile file, String where, Set<String> imageIds, List<String> columns, long limit) {
        try (ParquetFileReader reader = openReader(file)) {
            MessageType full = reader.getFooter().getFileMetaData().getSchema();
            String createdBy = reader.getFooter().getFileMetaData().getCreatedBy();
            List<String> wanted = new ArrayList<>(columns == null ? names(full) : columns);
            if (imageIds != null && !wanted.contains(IMAGE_ID)) {
                if (!full.containsField(IMAGE_ID)) {
                    throw new ZarrException(where + ": has no image_id column, so rows cannot be selected by image");
                }
                wanted.add(IMAGE_ID); // read to filter, dropped from the result below
            }
            MessageType projected = project(full, wanted, where);
            reader.setRequestedSchema(projected);
            List<Field> fields = new ArrayList<>();
            for (ColumnDescriptor d : projected.getColumns()) {
                fields.add(fieldOf(d, where));
            }
            Schema schema = new Schema(fields);
            List<Table> parts = new ArrayList<>();
            long rows = 0;
            List<BlockMetaData> blocks = reader.getRowGroups();
            for (int g = 0; g < blocks.size() && rows < limit; g++) {
                if (imageIds != null && !mayHoldAny(blocks.get(g), imageIds)) {
                    reader.skipNextRowGroup();
                    continue;
                }
                PageReadStore pages = reader.readNextRowGroup();
                Table part = decode(pages, projected, schema, createdBy, imageIds);
                if (rows + part.rowCount() > limit) {
                    part = part.selectRows(java.util.stream.IntStream.range(0, (int) (limit - rows)).toArray());
                }
                rows += part.rowCount();
                parts.add(part);
            }
            Table out = parts.isEmpty() ? Table.empty(schema) : Table.concat(parts);
            return columns == null || columns.contains(IMAGE_ID) || imageIds == null ? out : out.selectColumns(columns);
        } catch (IOException | RuntimeException e) {
            if (e instanceof ZarrException z) {
                throw z;
            }
            throw new ZarrException(where + ": not a readable Parquet file: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a table one row group at a time, so its size never has to fit in memory.
     *
     * @param file the Parquet file
     * @param where the file, for messages
     * @param each called with every row group's rows, in file order
     */
    static void scan(InputFile file, String where, java.util.function.Consumer<Table> each) {
        try (ParquetFileReader reader = openReader(file)) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            Schema fields = schemaOf(schema, where);
            String createdBy = reader.getFooter().getFileMetaData().getCreatedBy();
            PageReadStore pages;
            while ((pages = reader.readNextRowGroup()) != null) {
                each.accept(decode(pages, schema, fields, createdBy));
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof ZarrException z) {
                throw z;
            }
            throw new ZarrException(where + ": not a readable Parquet file: " + e.getMessage(), e);
        }
    }

    static Schema schemaOf(MessageType schema, String where) {
        List<Field> fields = new ArrayList<>();
        for (ColumnDescriptor d : schema.getColumns()) {
            fields.add(fieldOf(d, where));
        }
        return new Schema(fields);
    }

    /** Decodes one row group into a table. */
    static Table decode(PageReadStore pages, MessageType schema, Schema fields, String createdBy) {
        return decode(pages, schema, fields, createdBy, null);
    }

    /**
     * Decodes a row group, keeping only the rows of some images: the image_id column is read first, and the
     * other columns keep only those rows as they are read, so memory holds the images' rows, not the group's
     * (a group holds about 131,072 rows, several images; a run's threads each read one image's inputs).
     *
     * @param imageIds the images whose rows to keep, or null for every row (then the schema need not have
     *     an image_id column)
     */
    static Table decode(PageReadStore pages, MessageType schema, Schema fields, String createdBy, Set<String> imageIds) {
        List<ColumnDescriptor> descriptors = schema.getColumns();
        long rows = pages.getRowCount();
        ColumnReadStoreImpl store = new ColumnReadStoreImpl(pages, new NoOpGroupConverter(schema.getFieldCount()), schema, createdBy);
        int idIndex = imageIds == null ? -1 : fields.names().indexOf(IMAGE_ID);
        int[] keep = null;
        Column ids = null;
        if (idIndex >= 0) {
            Column.Builder all = new Column.Builder(fields.field(idIndex).type(), (int) rows);
            readColumn(store.getColumnReader(descriptors.get(idIndex)), descriptors.get(idIndex), rows, all, null);
            Column read = all.build();
            // a row without an image (a dataset-wide row, as a params edit in the edit log) is no image's; an
            // immutable set would throw on the null question rather than answer it
            keep = java.util.stream.IntStream.range(0, (int) rows).filter(r -> !read.isNull(r) && imageIds.contains(read.getString(r))).toArray();
            Column.Builder kept = new Column.Builder(read.type(), keep.length);
            for (int r : keep) {
                kept.add(read.get(r));
            }
            ids = kept.build();
        }
        List<Column> columns = new ArrayList<>();
        for (int c = 0; c < descriptors.size(); c++) {
            if (c == idIndex) {
                columns.add(ids);
                continue;
            }
            Column.Builder builder = new Column.Builder(fields.field(c).type(), keep == null ? (int) rows : keep.length);
            readColumn(store.getColumnReader(descriptors.get(c)), descriptors.get(c), rows, builder, keep);
            columns.add(builder.build());
        }
        return Table.of(fields, columns);
    }

    private static List<String> names(MessageType schema) {
        List<String> out = new ArrayList<>();
        for (Type t : schema.getFields()) {
            out.add(t.getName());
        }
        return out;
    }

    private static MessageType project(MessageType full, List<String> columns, String where) {
        List<Type> kept = new ArrayList<>();
        for (Type t : full.getFields()) {
            if (columns.contains(t.getName())) {
                kept.add(t);
            }
        }
        for (String c : columns) {
            if (!full.containsField(c)) {
                throw new IllegalArgumentException(where + ": no column '" + c + "'; columns are " + names(full));
            }
        }
        return new MessageType(full.getName(), kept);
    }

    /** Whether a row group's image_id statistics leave room for any of the wanted ids (no statistics: maybe). */
    private static boolean mayHoldAny(BlockMetaData block, Set<String> imageIds) {
        for (ColumnChunkMetaData column : block.getColumns()) {
            if (column.getPath().toDotString().equals(IMAGE_ID)) {
                org.apache.parquet.column.statistics.Statistics<?> stats = column.getStatistics();
                if (stats == null || !stats.hasNonNullValue() || !(stats.genericGetMin() instanceof Binary min)
                        || !(stats.genericGetMax() instanceof Binary max)) {
                    return true;
                }
                String lo = min.toStringUsingUTF8();
                String hi = max.toStringUsingUTF8();
                for (String id : imageIds) {
                    if (id.compareTo(lo) >= 0 && id.compareTo(hi) <= 0) {
                        return true;
                    }
                }
                return false;
            }
        }
        return true;
    }

    /** Schema and row count from the footer alone. */
    static TableInfo describe(String name, byte[] bytes, String where) {
        return describe(name, new ByteArrayInputFile(bytes), where);
    }

    /** Schema and row count from the footer alone. */
    static TableInfo describe(String name, InputFile file, String where) {
        try (ParquetFileReader reader = openReader(file)) {
            return new TableInfo(name, schemaOf(reader.getFooter().getFileMetaData().getSchema(), where), reader.getRecordCount());
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

    /** Reads a column's values, all of them or only the rows in {@code keep} (ascending; the others are skipped). */
    private static void readColumn(ColumnReader reader, ColumnDescriptor d, long rows, Column.Builder out, int[] keep) {
        int maxDef = d.getMaxDefinitionLevel();
        PrimitiveTypeName type = d.getPrimitiveType().getPrimitiveTypeName();
        Binary lastBinary = null;
        String lastString = null;
        int next = 0;
        for (long r = 0; r < rows; r++) {
            if (keep != null && next >= keep.length) {
                break; // the rows wanted are read; the rest of the group need not be decoded
            }
            if (keep != null && keep[next] != r) {
                if (reader.getCurrentDefinitionLevel() == maxDef) {
                    reader.skip();
                }
                reader.consume();
                continue;
            }
            next++;
            if (reader.getCurrentDefinitionLevel() < maxDef) {
                out.addNull();
            } else {
                switch (type) {
                    case INT32 -> out.addInt(reader.getInteger());
                    case INT64 -> out.addLong(reader.getLong());
                    case FLOAT -> out.addDouble(reader.getFloat());
                    case DOUBLE -> out.addDouble(reader.getDouble());
                    case BOOLEAN -> out.add(reader.getBoolean());
                    default -> {
                        // ids, versions and hashes repeat row after row: one String for a run of equal values
                        Binary b = reader.getBinary();
                        if (!b.equals(lastBinary)) {
                            lastBinary = b.copy();
                            lastString = b.toStringUsingUTF8();
                        }
                        out.add(lastString);
                    }
                }
            }
            reader.consume();
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

    /** @return the input file over in-memory bytes */
    static InputFile inMemory(byte[] bytes) {
        return new ByteArrayInputFile(bytes);
    }
}
