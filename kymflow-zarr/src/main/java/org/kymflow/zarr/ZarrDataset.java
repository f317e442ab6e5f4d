package org.kymflow.zarr;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.kymflow.table.ColumnType;
import org.kymflow.table.Table;
import org.kymflow.zarr.codec.ChunkCodec;
import org.kymflow.zarr.store.DirectoryStore;
import org.kymflow.zarr.store.InMemoryStore;
import org.kymflow.zarr.store.KeyValueStore;
import org.kymflow.zarr.store.WriteMode;
import org.kymflow.zarr.store.WriterLock;

/**
 * A KymFlow dataset opened for writing: everything {@link ZarrDatasetReader} reads, plus the writes (images,
 * pixels, artifacts, tables, documents, the manifest).
 *
 * <p>Writers ({@link OpenMode#APPEND}, {@link OpenMode#WRITE}) hold an exclusive lock until
 * {@link #close()}; a second writer gets {@link DatasetLockedException}. Every file write is atomic
 * (temporary file, then move). Reads are safe from several threads; writes should come from one thread.
 * Opened with {@link OpenMode#READ} it takes no lock and refuses every write at run time; code that only
 * reads should open a {@link ZarrDatasetReader}, which has no write methods at all.
 */
public final class ZarrDataset extends ZarrDatasetReader {
    private ZarrDataset(KeyValueStore store, OpenMode mode, String location, WriterLock lock) {
        super(store, mode, location, lock);
    }

    @Override
    ZarrImageRecord handle(String imageId) {
        return new ZarrImageRecord(this, store, imageId);
    }

    /**
     * @param imageId an image id
     * @return the record, with its write methods
     * @throws ImageNotFoundException naming the id and dataset when absent
     */
    @Override
    public ZarrImageRecord record(String imageId) {
        return (ZarrImageRecord) super.record(imageId);
    }

    /**
     * @param order the visiting order
     * @return every record, in that order, with its write methods
     */
    @Override
    public List<ZarrImageRecord> iterRecords(OrderBy order) {
        return sorted(order, this::handle);
    }

    /**
     * Opens a dataset folder.
     *
     * @param path the dataset folder (conventionally {@code something.zarr})
     * @param mode READ (must exist), APPEND (created when absent), WRITE (created anew)
     * @return the open dataset; close it to release the writer lock
     * @throws ZarrException when the folder is not a KymFlow dataset (READ/APPEND), or is a non-empty
     *     folder that is not one (WRITE), naming the path and the cause
     * @throws DatasetLockedException when another writer holds the dataset
     */
    public static ZarrDataset open(Path path, OpenMode mode) {
        Path root = path.toAbsolutePath().normalize();
        if (mode == OpenMode.READ && !Files.isDirectory(root)) {
            throw new ZarrException("no dataset at " + root + ": folder does not exist");
        }
        if (mode == OpenMode.WRITE && Files.isDirectory(root) && !Files.exists(root.resolve(ZGROUP))) {
            try (Stream<Path> children = Files.list(root)) {
                if (children.findAny().isPresent()) {
                    throw new ZarrException("refusing to replace " + root + ": it is a non-empty folder but not a Zarr dataset");
                }
            } catch (IOException e) {
                throw new ZarrException("cannot list " + root + ": " + e.getMessage(), e);
            }
        }
        return open(new DirectoryStore(root), mode, root.toString());
    }

    /**
     * Opens a dataset over any store: the embedding seam.
     *
     * @param store the key-value store
     * @param mode the open mode
     * @param location a description for messages
     * @return the open dataset
     */
    public static ZarrDataset open(KeyValueStore store, OpenMode mode, String location) {
        WriterLock lock = DatasetStore.NO_LOCK;
        if (mode != OpenMode.READ) {
            try {
                lock = store.lockForWriting();
            } catch (IOException e) {
                throw new DatasetLockedException(location, e.getMessage(), e);
            }
        }
        ZarrDataset dataset = new ZarrDataset(store, mode, location, lock);
        try {
            dataset.initialize();
        } catch (RuntimeException e) {
            dataset.close();
            throw e;
        }
        return dataset;
    }

    /** @return a new, empty dataset held in memory, open for writing */
    public static ZarrDataset inMemory() {
        return open(new InMemoryStore(), OpenMode.APPEND, "memory");
    }

    private void initialize() {
        boolean exists = exists(ZGROUP);
        if (mode() == OpenMode.WRITE && exists) {
            Map<String, Object> attrs = readAttrs("");
            if (!FORMAT.equals(attrs.get(Attrs.FORMAT))) {
                throw new ZarrException("refusing to replace " + location() + ": it is a Zarr group but not a KymFlow dataset"
                        + " (format " + attrs.get(Attrs.FORMAT) + ")");
            }
            try {
                for (String child : store.listChildren("")) {
                    if (store.isFolder(child)) {
                        store.deletePrefix(child);
                    } else {
                        store.delete(child);
                    }
                }
            } catch (IOException e) {
                throw new ZarrException("cannot clear " + location() + " for WRITE: " + e.getMessage(), e);
            }
            exists = false;
        }
        if (!exists) {
            if (mode() == OpenMode.READ) {
                throw new ZarrException("no dataset at " + location() + ": " + store.describe(ZGROUP) + " is missing");
            }
            String now = nowUtc();
            putBytes(ZGROUP, Json.write(Map.of("zarr_format", 2), 4, true));
            Map<String, Object> attrs = new LinkedHashMap<>();
            attrs.put(Attrs.FORMAT, FORMAT);
            attrs.put(Attrs.SCHEMA_VERSION, SCHEMA_VERSION);
            attrs.put(Attrs.CREATED_UTC, now);
            attrs.put(Attrs.UPDATED_UTC, now);
            writeAttrs("", attrs);
            ensureGroup(IMAGES);
            ensureGroup(INDEX);
            return;
        }
        checkExisting();
        if (mode() != OpenMode.READ) {
            Leftovers.remove(store, location());
        }
    }

    /**
     * Saves a dataset-level JSON document (indent 2) atomically and durably: readers see the old document
     * or the new one, never a torn one.
     *
     * @param name the document name (normalised; see {@link Names})
     * @param value maps, lists, strings, numbers, booleans, nulls
     * @throws ReadOnlyDatasetException when the dataset is open read-only
     */
    public void saveDocument(String name, Object value) {
        String key = Names.checkedName(name, "document") + ".json";
        checkWritable("save the dataset document " + key);
        try {
            store.put(key, Json.write(value, 2, false), WriteMode.DURABLE);
        } catch (IOException e) {
            throw new ZarrException("cannot write " + store.describe(key) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Renames a table that cannot be read out of the tables' way ({@code tables/<name>.parquet.<why>-<time>},
     * no longer listed as a table), keeping its bytes for whoever wants to recover them.
     *
     * @param name the table
     * @param why a word for the new name, such as {@code unreadable}
     * @return where the file now is
     * @throws ReadOnlyDatasetException when the dataset is open read-only
     */
    public String setTableAside(String name, String why) {
        String n = Names.checkedName(name, "table");
        checkWritable("set table '" + n + "' aside");
        String key = TABLES + "/" + n + ".parquet";
        String aside = key + "." + Names.checkedName(why, "reason") + "-" + System.currentTimeMillis();
        try {
            byte[] bytes = store.get(key).orElseThrow(() -> new TableNotFoundException(n, location(), store.describe(key)));
            store.put(aside, bytes);
            store.delete(key);
        } catch (IOException e) {
            throw new ZarrException("cannot set " + store.describe(key) + " aside: " + e.getMessage(), e);
        }
        return store.describe(aside);
    }

    /**
     * Adds an image with default axes and chunks.
     *
     * @param data the pixels (2-D to 5-D)
     * @return the new record, with a fresh UUID4 id
     */
    public ZarrImageRecord addImage(NdArray data) {
        return addImage(data, null, null);
    }

    /**
     * Adds an image.
     *
     * @param data the pixels
     * @param axes one name per axis, or null for the defaults ({@code y,x}; {@code z,y,x}; ...)
     * @param chunks the chunk shape, or null for the defaults (1 along t/z/c, up to 512 along others)
     * @return the new record, with a fresh UUID4 id
     */
    public ZarrImageRecord addImage(NdArray data, List<String> axes, int[] chunks) {
        return addImage(data, axes, chunks, Map.of());
    }

    /**
     * Adds an image with JSON artifacts written before it becomes visible: the image's group marker is the
     * last thing written, so a crash leaves either the whole image, artifacts included, or a folder that is
     * no image (removed by the next writer). Ingest adds images this way, with their provenance and
     * metadata, so that a killed ingest never leaves an image without them.
     *
     * @param data the pixels
     * @param axes one name per axis, or null for the defaults
     * @param chunks the chunk shape, or null for the defaults
     * @param jsonArtifacts artifact name to value, each written as {@code analysis/<name>.json} (indent 2)
     * @return the new record, with a fresh UUID4 id
     */
    public ZarrImageRecord addImage(NdArray data, List<String> axes, int[] chunks, Map<String, ?> jsonArtifacts) {
        checkWritable("add an image");
        List<String> ax = axes == null ? ImageLayout.defaultAxes(data.ndim()) : List.copyOf(axes);
        if (ax.size() != data.ndim()) {
            throw new IllegalArgumentException("image has " + data.ndim() + " axes but " + ax.size() + " axis names were given: " + ax);
        }
        int[] ch = chunks == null ? ImageLayout.defaultChunks(data.shape(), ax) : chunks.clone();
        if (ch.length != data.ndim()) {
            throw new IllegalArgumentException("image has " + data.ndim() + " axes but chunks " + Arrays.toString(ch) + " has " + ch.length);
        }
        String id = UUID.randomUUID().toString();
        String prefix = IMAGES + "/" + id;
        String now = nowUtc();
        try {
            ensureGroup(IMAGES);
            // the array first, the group marker last: a crash in between leaves no half-listed image
            ZarrArray.create(store, prefix + "/data", ZarrImageReader.toLongs(data.shape()), ch, data.dtype(),
                    ChunkCodec.pythonDefault()).write(new long[data.ndim()], data);
            Map<String, Object> attrs = new LinkedHashMap<>();
            attrs.put(Attrs.AXES, ax);
            attrs.put(Attrs.CREATED_UTC, now);
            attrs.put(Attrs.UPDATED_UTC, now);
            writeAttrs(prefix, attrs);
            for (Map.Entry<String, ?> artifact : jsonArtifacts.entrySet()) {
                String name = Names.checkedName(artifact.getKey(), "artifact");
                store.put(prefix + "/" + ANALYSIS + "/" + name + ".json", Json.write(artifact.getValue(), 2, false));
            }
            putBytes(prefix + "/" + ZGROUP, Json.write(Map.of("zarr_format", 2), 4, true));
        } catch (IOException | UncheckedIOException e) {
            throw new ZarrException("cannot add image " + id + " to " + location() + ": " + e.getMessage(), e);
        }
        touchRoot();
        ZarrImageRecord record = new ZarrImageRecord(this, store, id);
        record.pixelsFingerprint(); // at write time, so staleness checks never read these pixels
        return record;
    }

    /**
     * Deletes an image and all its artifacts. Dataset tables keep their rows until re-indexed.
     *
     * @param imageId the id
     * @throws ImageNotFoundException when absent
     */
    public void deleteImage(String imageId) {
        checkWritable("delete image " + imageId);
        record(imageId);
        try {
            store.delete(IMAGES + "/" + imageId + "/" + ZGROUP); // unlist first, then remove the rest
            store.deletePrefix(IMAGES + "/" + imageId);
        } catch (IOException e) {
            throw new ZarrException("cannot delete image " + imageId + " from " + location() + ": " + e.getMessage(), e);
        }
        touchRoot();
    }

    /**
     * Writes a manifest to {@code index/manifest.json.gz}, atomically.
     *
     * @param manifest the manifest
     */
    public void saveManifest(Manifest manifest) {
        checkWritable("save the manifest");
        ensureGroup(INDEX);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(Json.write(ManifestJson.toJson(manifest), 2, false));
        } catch (IOException e) {
            throw new UncheckedIOException("gzip to memory failed", e);
        }
        putBytes(MANIFEST, bytes.toByteArray());
    }

    /** @return the manifest rebuilt from the images and saved */
    public Manifest updateManifest() {
        Manifest m = rebuildManifest();
        saveManifest(m);
        return m;
    }

    /**
     * Starts rewriting a table image by image in bounded memory; see {@link TableRewrite}.
     *
     * @param name the table name
     * @param stampColumns columns whose per-image first value the new table's footer indexes (for
     *     {@link #tableImageIndex})
     * @return the rewrite; commit it, and close it in any case
     */
    public TableRewrite rewriteTable(String name, List<String> stampColumns) {
        String n = Names.checkedTableName(name);
        checkWritable("rewrite table '" + n + "'");
        return new TableRewrite(this, store, n, stampColumns);
    }

    /**
     * Writes a dataset table as {@code tables/<name>.parquet} (zstd), atomically.
     *
     * @param name the table name
     * @param table the rows
     */
    public void saveTable(String name, Table table) {
        String n = Names.checkedTableName(name);
        checkWritable("save table '" + n + "'");
        byte[] bytes;
        try {
            bytes = ParquetTables.write(table);
        } catch (IOException e) {
            throw new ZarrException("cannot encode table '" + n + "' as Parquet: " + e.getMessage(), e);
        }
        putBytes(tableKey(n), bytes);
        touchRoot();
    }

    /**
     * Deletes a dataset table.
     *
     * @param name the table name
     * @return whether it existed
     */
    public boolean deleteTable(String name) {
        String n = Names.checkedTableName(name);
        checkWritable("delete table '" + n + "'");
        try {
            return store.delete(tableKey(n));
        } catch (IOException e) {
            throw new ZarrException("cannot delete " + store.describe(tableKey(n)), e);
        }
    }

    /**
     * Replaces one image's rows of a dataset table; see {@link #replaceRowsForImageIds}.
     *
     * @param name the table name
     * @param imageId the image whose rows are replaced
     * @param rows the new rows; must carry an {@code image_id} column equal to {@code imageId}
     */
    public void replaceRowsForImageId(String name, String imageId, Table rows) {
        replaceRowsForImageIds(name, Map.of(imageId, rows));
    }

    /**
     * Replaces the rows of several images in one streamed rewrite ({@link TableRewrite}): the other
     * images' rows stay, the given images get the given rows, and the table is written in image-id order,
     * atomically. Columns missing on one side become null.
     *
     * @param name the table name
     * @param rowsByImageId new rows per image id; each table must have a STRING {@code image_id} column
     *     whose every value is its key (an empty table removes that image's rows)
     * @throws IllegalArgumentException when rows lack {@code image_id}, carry another id, or a column's
     *     type clashes with the stored table (naming the column); the table is then unchanged
     */
    public void replaceRowsForImageIds(String name, Map<String, Table> rowsByImageId) {
        String n = Names.checkedTableName(name);
        checkWritable("replace rows of table '" + n + "'");
        rowsByImageId.forEach((id, rows) -> checkRowsOfImage(n, id, rows));
        Set<String> keep = new HashSet<>();
        if (hasTable(n)) {
            if (!describeTable(n).schema().contains(IMAGE_ID_COLUMN)) {
                throw new IllegalArgumentException("stored table '" + n + "' has no image_id column; cannot replace rows by image");
            }
            keep.addAll(tableImageIndex(n, List.of()).keySet());
            keep.removeAll(rowsByImageId.keySet());
        }
        try (TableRewrite rewrite = rewriteTable(n, List.of())) {
            rowsByImageId.forEach(rewrite::put);
            rewrite.commit(keep);
        }
    }

    /** Rows given for one image must carry a STRING image_id column holding that id in every row. */
    static void checkRowsOfImage(String table, String imageId, Table rows) {
        if (!rows.hasColumn(IMAGE_ID_COLUMN) || rows.schema().field(IMAGE_ID_COLUMN).type() != ColumnType.STRING) {
            throw new IllegalArgumentException("rows for image " + imageId + " of table '" + table
                    + "' must carry a STRING image_id column; columns are " + rows.schema());
        }
        for (int r = 0; r < rows.rowCount(); r++) {
            String id = rows.getString(IMAGE_ID_COLUMN, r);
            if (!imageId.equals(id)) {
                throw new IllegalArgumentException("row " + r + " given for image " + imageId + " of table '" + table
                        + "' has image_id " + id);
            }
        }
    }

    void touchRootAfterTableWrite() {
        touchRoot();
    }

    void writeAttrs(String prefix, Map<String, Object> attrs) {
        putBytes(prefix.isEmpty() ? ZATTRS : prefix + "/" + ZATTRS, Json.write(attrs, 4, true));
    }

    void ensureGroup(String prefix) {
        String key = prefix + "/" + ZGROUP;
        if (!exists(key)) {
            putBytes(key, Json.write(Map.of("zarr_format", 2), 4, true));
        }
    }

    void touchRecord(String prefix) {
        touchRecord(prefix, WriteMode.DURABLE);
    }

    void touchRecord(String prefix, WriteMode mode) {
        Map<String, Object> attrs = readAttrs(prefix);
        attrs.put(Attrs.UPDATED_UTC, nowUtc());
        String key = prefix.isEmpty() ? ZATTRS : prefix + "/" + ZATTRS;
        try {
            store.put(key, Json.write(attrs, 4, true), mode);
        } catch (IOException e) {
            throw new ZarrException("cannot write " + store.describe(key) + ": " + e.getMessage(), e);
        }
    }

    private void touchRoot() {
        touchRecord("");
    }

    private void putBytes(String key, byte[] bytes) {
        store.write(key, bytes);
    }
}
