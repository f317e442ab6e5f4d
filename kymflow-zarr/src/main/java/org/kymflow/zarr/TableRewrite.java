package org.kymflow.zarr;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;
import org.apache.parquet.schema.MessageType;
import org.kymflow.table.ColumnType;
import org.kymflow.table.Schema;
import org.kymflow.table.Table;
import org.kymflow.zarr.parquet.PositionCountingOutputFile;
import org.kymflow.zarr.parquet.StoreValueInputFile;
import org.kymflow.zarr.store.ReadableValue;
import org.kymflow.zarr.store.StagedValue;

/**
 * Rewrites a dataset table image by image in bounded memory: new rows are staged per image as they are
 * computed ({@link #put}), then {@link #commit} streams the new table, in image-id order, into a
 * temporary file that replaces the old one atomically. Row groups of the old table whose images are all
 * kept are copied without being decoded; besides the staged rows held in memory (below), the commit holds
 * at most one row group being built plus one image.
 *
 * <p>Staged rows stay in memory up to a budget of a sixty-fourth of the heap (a short run's rows are never
 * written twice), and the images after that in a hidden folder under {@code tables/} until the commit; a run
 * that dies leaves the folder there, and the next rewrite of the table removes it. Readers see the old table
 * until the commit, then the new one, never a mix. Thread-safe for {@link #put}.
 */
public final class TableRewrite implements AutoCloseable {
    /** Rows per row group the rewrite aims at: large enough for fast scans, small enough to hold in memory. */
    static final int ROWS_PER_GROUP = 1 << 17;
    private static final String STAGING_PREFIX = ".staging-";

    private final ZarrDataset dataset;
    private final DatasetStore store;
    private final String name;
    private final String staging;
    private final List<String> stampColumns;
    /** Heap bytes counted per staged cell (a value, or a reference to one) against the memory budget. */
    private static final long BYTES_PER_CELL = 16;
    private final ConcurrentSkipListMap<String, Staged> staged = new ConcurrentSkipListMap<>();
    private long memoryBudgetCells = Runtime.getRuntime().maxMemory() / 64 / BYTES_PER_CELL;
    private final AtomicLong cellsInMemory = new AtomicLong();
    private volatile boolean finished;
    private int decodedOldGroups;

    /** One image's staged rows: in memory ({@code rows}) or in a staging file ({@code key}). */
    private record Staged(Table rows, String key) {
        long cells() {
            return rows == null ? 0 : (long) rows.rowCount() * rows.schema().fields().size();
        }
    }

    TableRewrite(ZarrDataset dataset, DatasetStore store, String name, List<String> stampColumns) {
        this.dataset = dataset;
        this.store = store;
        this.name = name;
        this.stampColumns = List.copyOf(stampColumns);
        for (String child : store.list(ZarrDataset.TABLES)) {
            if (child.startsWith(STAGING_PREFIX + name + "-")) {
                store.removePrefix(ZarrDataset.TABLES + "/" + child); // left by a run that died; we hold the lock
            }
        }
        this.staging = ZarrDataset.TABLES + "/" + STAGING_PREFIX + name + "-" + UUID.randomUUID();
    }

    /** @return the table being rewritten */
    public String tableName() {
        return name;
    }

    /**
     * Stages one image's new rows (replacing any staged before for it).
     *
     * @param imageId the image
     * @param rows its rows; a STRING {@code image_id} column whose every value is {@code imageId}
     * @throws IllegalArgumentException when the rows lack image_id or carry another id
     */
    public void put(String imageId, Table rows) {
        checkOpen();
        ZarrDataset.checkRowsOfImage(name, imageId, rows);
        Staged previous = staged.get(imageId);
        long previousCells = previous == null ? 0 : previous.cells(); // replaced, so its memory counts for the new rows
        Staged entry = new Staged(rows, null); // tables are immutable: holding this one is safe
        long growth = entry.cells() - previousCells;
        if (cellsInMemory.addAndGet(growth) > memoryBudgetCells) {
            cellsInMemory.addAndGet(-growth);
            String key = staging + "/" + staged.size() + "-" + UUID.randomUUID() + ".parquet";
            try {
                store.write(key, ParquetTables.writePlain(rows)); // read once, at the commit: encoding time counts, size hardly
            } catch (IOException e) {
                throw new ZarrException("cannot encode rows of image " + imageId + " for table '" + name + "': " + e.getMessage(), e);
            }
            entry = new Staged(null, key);
            cellsInMemory.addAndGet(-previousCells);
        }
        // only now, with the new rows held: a failed write above leaves the image's earlier rows staged
        staged.put(imageId, entry);
        if (previous != null && previous.key() != null) {
            store.remove(previous.key());
        }
    }

    /** Sets the memory budget for staged rows, in cells (for tests). */
    TableRewrite memoryBudgetCells(long cells) {
        this.memoryBudgetCells = cells;
        return this;
    }

    /** @return how many images' rows are staged in memory rather than in files (for tests) */
    int stagedInMemory() {
        return (int) staged.values().stream().filter(e -> e.rows() != null).count();
    }

    /** @return how many row groups of the old table the commit had to decode (the rest were copied as bytes) */
    int decodedOldGroups() {
        return decodedOldGroups;
    }

    /** @return the images staged and not yet committed or discarded, sorted (a live view) */
    public Set<String> stagedImageIds() {
        return staged.keySet();
    }

    /**
     * Writes the new table and puts it in place atomically: for every image, in id order, its staged rows
     * when it has some, else its old rows when it is in {@code keep}; every other image's rows are dropped.
     *
     * @param keep images whose old rows stay (staged images are new whatever this says)
     * @throws IllegalArgumentException when a column has two types (naming it); nothing is written then
     */
    public void commit(Set<String> keep) {
        checkOpen();
        String key = ZarrDataset.TABLES + "/" + name + ".parquet";
        String where = store.describe(key);
        try (StagedValue out = store.stage(key);
             Old old = Old.open(store, key, where, stampColumns, keep)) {
            SortedMap<String, Table> oldInMemory = old.layout != null && !old.layout.ordered ? old.loadByImage(keep) : null;
            Schema schema = finalSchema(old, keep);
            MessageType parquetSchema = ParquetTables.toParquet(schema);
            ParquetFileWriter writer = new ParquetFileWriter(new PositionCountingOutputFile(out.stream()), parquetSchema,
                    ParquetFileWriter.Mode.CREATE, Long.MAX_VALUE, 0);
            writer.start();
            Assembler assembler = new Assembler(writer, schema, stampColumns);
            Iterator<Map.Entry<String, Staged>> pending = staged.entrySet().iterator();
            Map.Entry<String, Staged> next = pending.hasNext() ? pending.next() : null;
            if (oldInMemory != null) {
                // a table not laid out by image (pandas, older versions): rewritten once from memory, bounded from then on
                for (Map.Entry<String, Table> e : merge(oldInMemory).entrySet()) {
                    assembler.add(e.getValue() != null ? e.getValue() : readStaged(staged.get(e.getKey())));
                }
                next = null;
            } else if (old.layout != null) {
                boolean sameSchema = old.layout.schema.equals(parquetSchema);
                for (int g = 0; g < old.layout.rowGroups.size(); g++) {
                    List<ImageRows> images = old.layout.rowGroups.get(g);
                    if (images.isEmpty()) {
                        continue;
                    }
                    String lo = images.get(0).imageId();
                    String hi = images.get(images.size() - 1).imageId();
                    while (next != null && next.getKey().compareTo(lo) < 0) {
                        assembler.add(readStaged(next.getValue()));
                        next = pending.hasNext() ? pending.next() : null;
                    }
                    boolean stagedInside = next != null && next.getKey().compareTo(hi) <= 0;
                    boolean allKept = images.stream().allMatch(i -> keep.contains(i.imageId()));
                    long rows = images.stream().mapToLong(ImageRows::rowCount).sum();
                    if (allKept && !stagedInside && sameSchema && rows >= ROWS_PER_GROUP / 4) {
                        assembler.copy(old.file, old.blocks.get(g), images); // untouched: copied as bytes
                        continue;
                    }
                    Table decoded = old.readGroup(g);
                    decodedOldGroups++;
                    int row = 0;
                    for (ImageRows image : images) {
                        while (next != null && next.getKey().compareTo(image.imageId()) < 0) {
                            assembler.add(readStaged(next.getValue()));
                            next = pending.hasNext() ? pending.next() : null;
                        }
                        boolean replaced = next != null && next.getKey().equals(image.imageId());
                        if (!replaced && keep.contains(image.imageId())) {
                            assembler.add(decoded, row, row + (int) image.rowCount());
                        }
                        row += (int) image.rowCount();
                    }
                }
            }
            while (next != null) {
                assembler.add(readStaged(next.getValue()));
                next = pending.hasNext() ? pending.next() : null;
            }
            assembler.finish();
            out.commit();
        } catch (IOException e) {
            throw new ZarrException("cannot write table '" + name + "' (" + where + "): " + e.getMessage()
                    + "; the old table is still in place", e);
        }
        finished = true;
        staged.clear();
        store.removePrefix(staging);
        dataset.touchRootAfterTableWrite();
    }

    /** Old images (kept ones as tables, null for staged ones that replace them) merged with staged ids, in id order. */
    private SortedMap<String, Table> merge(SortedMap<String, Table> old) {
        SortedMap<String, Table> all = new TreeMap<>(old);
        for (String id : staged.keySet()) {
            all.put(id, null);
        }
        return all;
    }

    private Schema finalSchema(Old old, Set<String> keep) throws IOException {
        List<Schema> schemas = new ArrayList<>();
        if (old.layout != null && keep.stream().anyMatch(old.imageIds::contains)) {
            schemas.add(ParquetTables.schemaOf(old.layout.schema, store.describe(ZarrDataset.TABLES + "/" + name + ".parquet")));
        }
        for (Staged entry : staged.values()) {
            if (entry.rows() != null) {
                schemas.add(entry.rows().schema());
                continue;
            }
            String key = entry.key();
            // the footer alone: the rows are read once, when the commit writes them
            try (ReadableValue value = store.open(key).orElseThrow(() -> new IOException("staged rows " + store.describe(key) + " vanished"))) {
                schemas.add(ParquetTables.describe(name, new StoreValueInputFile(value), store.describe(key)).schema());
            }
        }
        if (schemas.isEmpty()) {
            schemas.add(Schema.of(org.kymflow.table.Field.required(ParquetTables.IMAGE_ID, ColumnType.STRING)));
        }
        return Schema.union(schemas);
    }

    private Table readStaged(Staged entry) {
        if (entry.rows() != null) {
            return entry.rows();
        }
        String key = entry.key();
        byte[] bytes = store.read(key).orElseThrow(() -> new ZarrException("staged rows " + store.describe(key) + " vanished"));
        return ParquetTables.read(bytes, store.describe(key));
    }

    private void checkOpen() {
        if (finished) {
            throw new IllegalStateException("the rewrite of table '" + name + "' is already committed or closed");
        }
    }

    /** Discards whatever was staged and not committed. */
    @Override
    public void close() {
        if (!finished) {
            finished = true;
            staged.clear();
            store.removePrefix(staging);
        }
    }

    /** The old table, open for row-group reads and copies. */
    private static final class Old implements AutoCloseable {
        final ReadableValue value;
        final InputFile file;
        final TableLayout layout;
        final List<BlockMetaData> blocks;
        final Set<String> imageIds;
        final String where;
        private ParquetFileReader reader;

        private Old(ReadableValue value, TableLayout layout, List<BlockMetaData> blocks, String where) {
            this.value = value;
            this.file = value == null ? null : new StoreValueInputFile(value);
            this.layout = layout;
            this.blocks = blocks;
            this.imageIds = layout == null ? Set.of() : layout.byImage().keySet();
            this.where = where;
        }

        static Old open(DatasetStore store, String key, String where, List<String> stampColumns, Set<String> keep) throws IOException {
            Optional<ReadableValue> value = store.open(key);
            if (value.isEmpty() || keep.isEmpty()) {
                value.ifPresent(v -> {
                    try {
                        v.close();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                return new Old(null, null, List.of(), where);
            }
            InputFile file = new StoreValueInputFile(value.get());
            TableLayout layout = TableLayout.read(file, where, stampColumns);
            List<BlockMetaData> blocks;
            try (ParquetFileReader r = ParquetTables.openReader(file)) {
                blocks = r.getRowGroups();
            }
            return new Old(value.get(), layout, blocks, where);
        }

        Table readGroup(int g) throws IOException {
            if (reader == null) {
                reader = ParquetTables.openReader(file);
            }
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            return ParquetTables.decode(reader.readRowGroup(g), schema, ParquetTables.schemaOf(schema, where),
                    reader.getFooter().getFileMetaData().getCreatedBy());
        }

        /** The kept images' rows, whole in memory: only for a table that is not laid out by image. */
        SortedMap<String, Table> loadByImage(Set<String> keep) {
            Table all = ParquetTables.read(file, where);
            SortedMap<String, List<Integer>> rows = new TreeMap<>();
            for (int r = 0; r < all.rowCount(); r++) {
                String id = all.getString(ParquetTables.IMAGE_ID, r);
                if (keep.contains(id)) {
                    rows.computeIfAbsent(id, k -> new ArrayList<>()).add(r);
                }
            }
            SortedMap<String, Table> out = new TreeMap<>();
            rows.forEach((id, list) -> out.put(id, all.selectRows(list.stream().mapToInt(Integer::intValue).toArray())));
            return out;
        }

        @Override
        public void close() throws IOException {
            if (reader != null) {
                reader.close();
            }
            if (value != null) {
                value.close();
            }
        }
    }

    /** Gathers whole images into row groups of about {@link #ROWS_PER_GROUP} rows and appends them. */
    private static final class Assembler {
        private final ParquetFileWriter writer;
        private final Schema schema;
        private final List<String> stampColumns;
        private final List<ParquetTables.Slice> pending = new ArrayList<>();
        private final List<List<ImageRows>> index = new ArrayList<>();
        private long pendingRows;

        Assembler(ParquetFileWriter writer, Schema schema, List<String> stampColumns) {
            this.writer = writer;
            this.schema = schema;
            this.stampColumns = stampColumns;
        }

        void add(Table rows) throws IOException {
            add(rows, 0, rows.rowCount());
        }

        /** Rows {@code from..to} of a table, by reference: nothing is copied until they are encoded. */
        void add(Table rows, int from, int to) throws IOException {
            if (to <= from) {
                return;
            }
            if (rows.schema().equals(schema)) {
                pending.add(new ParquetTables.Slice(rows, from, to));
            } else {
                Table part = rows.selectRows(java.util.stream.IntStream.range(from, to).toArray());
                pending.add(new ParquetTables.Slice(conform(part), 0, to - from));
            }
            pendingRows += to - from;
            if (pendingRows >= ROWS_PER_GROUP) {
                flush();
            }
        }

        void copy(InputFile from, BlockMetaData block, List<ImageRows> images) throws IOException {
            flush();
            try (SeekableInputStream in = from.newStream()) {
                writer.appendRowGroup(in, block, false);
            }
            index.add(images);
        }

        private Table conform(Table rows) {
            Table conformed = Table.concat(List.of(Table.empty(schema), rows));
            if (!conformed.schema().equals(schema)) {
                throw new IllegalArgumentException("rows with columns " + rows.schema() + " do not fit the table's " + schema);
            }
            return conformed;
        }

        private void flush() throws IOException {
            if (pending.isEmpty()) {
                return;
            }
            byte[] encoded = ParquetTables.write(schema, pending, true);
            List<ImageRows> images = new ArrayList<>();
            for (ParquetTables.Slice slice : pending) {
                List<ImageRows> part = TableLayout.imagesOf(slice.table(), slice.from(), slice.to(), stampColumns);
                if (!images.isEmpty() && !part.isEmpty() && images.get(images.size() - 1).imageId().equals(part.get(0).imageId())) {
                    ImageRows last = images.remove(images.size() - 1);
                    ImageRows first = part.remove(0);
                    images.add(new ImageRows(last.imageId(), last.rowCount() + first.rowCount(), last.stamps()));
                }
                images.addAll(part);
            }
            pending.clear();
            pendingRows = 0;
            InputFile file = ParquetTables.inMemory(encoded);
            try (ParquetFileReader r = ParquetTables.openReader(file);
                 SeekableInputStream in = file.newStream()) {
                writer.appendRowGroup(in, r.getRowGroups().get(0), false); // written as one group above
            }
            index.add(images);
        }

        void finish() throws IOException {
            flush();
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put(TableLayout.INDEX_KEY, TableLayout.toJson(index, stampColumns));
            writer.end(meta);
        }
    }
}
