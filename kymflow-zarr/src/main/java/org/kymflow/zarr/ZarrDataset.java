package org.kymflow.zarr;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.kymflow.table.ColumnType;
import org.kymflow.table.Table;
import org.kymflow.zarr.store.DirectoryStore;
import org.kymflow.zarr.store.InMemoryStore;
import org.kymflow.zarr.store.KeyValueStore;
import org.kymflow.zarr.store.ReadableValue;
import org.kymflow.zarr.store.WriteMode;
import org.kymflow.zarr.store.WriterLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A KymFlow dataset: a Zarr v2 group laid out exactly as the Python {@code kymflow_zarr} package lays
 * it out, so Python and Java read each other's datasets.
 *
 * <pre>
 * &lt;dataset&gt;.zarr/
 *   .zgroup  .zattrs                       format kymflow_zarr_v1, schema_version 1
 *   images/&lt;image_id&gt;/data              the pixel array (Zarr v2, C order, little endian)
 *   images/&lt;image_id&gt;/analysis/...       JSON, Parquet and CSV artifacts
 *   images/&lt;image_id&gt;/analysis_arrays/   N-D array artifacts
 *   index/manifest.json.gz                 derived summary, rebuildable
 *   tables/&lt;name&gt;.parquet                dataset tables
 * </pre>
 *
 * <p>Writers ({@link OpenMode#APPEND}, {@link OpenMode#WRITE}) hold an exclusive lock until
 * {@link #close()}; a second writer gets {@link DatasetLockedException}. Readers take no lock and never
 * block. Every file write is atomic (temporary file, then move). Methods are safe to call from several
 * threads for reading; writes should come from one thread.
 */
public final class ZarrDataset implements AutoCloseable {
    /** The {@code format} root attribute of every KymFlow dataset. */
    public static final String FORMAT = "kymflow_zarr_v1";
    /** The schema version this code writes and reads. */
    public static final int SCHEMA_VERSION = 1;
    static final String IMAGES = "images";
    static final String TABLES = "tables";
    static final String INDEX = "index";
    static final String ANALYSIS = "analysis";
    static final String ANALYSIS_ARRAYS = "analysis_arrays";
    static final String MANIFEST = INDEX + "/manifest.json.gz";
    static final String IMAGE_ID_COLUMN = "image_id";
    private static final String ZGROUP = ".zgroup";
    private static final String ZATTRS = ".zattrs";
    private static final Logger LOG = LoggerFactory.getLogger(ZarrDataset.class);
    /** A reader holds no lock; its writes are refused before any lock is asked. */
    private static final WriterLock READ_ONLY = new WriterLock() {
        @Override
        public void ensureValid() throws IOException {
            throw new IOException("a read-only dataset holds no writer lock");
        }

        @Override
        public void close() {
            // nothing held
        }
    };

    private final DatasetStore store;
    private final OpenMode mode;
    private final String location;
    private final WriterLock lock;

    private ZarrDataset(KeyValueStore store, OpenMode mode, String location, WriterLock lock) {
        this.store = new DatasetStore(store, location, mode, lock);
        this.mode = mode;
        this.location = location;
        this.lock = lock;
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
        WriterLock lock = READ_ONLY;
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
        if (mode == OpenMode.WRITE && exists) {
            Map<String, Object> attrs = readAttrs("");
            if (!FORMAT.equals(attrs.get(Attrs.FORMAT))) {
                throw new ZarrException("refusing to replace " + location + ": it is a Zarr group but not a KymFlow dataset"
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
                throw new ZarrException("cannot clear " + location + " for WRITE: " + e.getMessage(), e);
            }
            exists = false;
        }
        if (!exists) {
            if (mode == OpenMode.READ) {
                throw new ZarrException("no dataset at " + location + ": " + store.describe(ZGROUP) + " is missing");
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
        Map<String, Object> attrs = readAttrs("");
        if (!exists(ZATTRS)) {
            throw new ZarrException(store.describe(ZATTRS) + " is missing: " + location + " is a Zarr group but not a KymFlow dataset");
        }
        if (!FORMAT.equals(attrs.get(Attrs.FORMAT))) {
            throw new ZarrException(store.describe(ZATTRS) + ": format is " + attrs.get(Attrs.FORMAT) + ", expected " + FORMAT);
        }
        Object version = attrs.get(Attrs.SCHEMA_VERSION);
        if (!(version instanceof Number n) || n.intValue() > SCHEMA_VERSION) {
            throw new ZarrException(store.describe(ZATTRS) + ": schema_version " + version + " is not supported by this"
                    + " version of KymFlow (supports up to " + SCHEMA_VERSION + ")");
        }
        if (mode != OpenMode.READ) {
            Leftovers.remove(store, location);
        }
    }

    /** @return problems for validation: what interrupted writers left that the next writer removes */
    List<String> leftovers() {
        return Leftovers.describe(store, location);
    }

    /** @return the open mode */
    public OpenMode mode() {
        return mode;
    }

    /** @return where the dataset lives (a folder path, or "memory") */
    public String location() {
        return location;
    }

    /** @return the dataset's root attributes */
    public Map<String, Object> rootAttrs() {
        return readAttrs("");
    }

    // ---- dataset documents ----

    /**
     * Loads a dataset-level JSON document, {@code <name>.json} at the dataset's root: configuration that
     * belongs to the whole dataset (Zarr readers ignore such files; Python reads them with {@code json}).
     *
     * @param name the document name (normalised; see {@link Names})
     * @return the value as plain Java objects, or empty when the document does not exist
     * @throws ZarrException naming the file when it cannot be read or is not JSON
     */
    public Optional<Object> loadDocument(String name) {
        String key = Names.checkedName(name, "document") + ".json";
        return getBytes(key).map(bytes -> Json.parse(bytes, store.describe(key)));
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
            byte[] bytes = store.get(key).orElseThrow(() -> new TableNotFoundException(n, location, store.describe(key)));
            store.put(aside, bytes);
            store.delete(key);
        } catch (IOException e) {
            throw new ZarrException("cannot set " + store.describe(key) + " aside: " + e.getMessage(), e);
        }
        return store.describe(aside);
    }

    // ---- images ----

    /**
     * @param imageId an image id
     * @return the record
     * @throws ImageNotFoundException naming the id and dataset when absent
     */
    public ZarrImageRecord record(String imageId) {
        if (imageId == null || imageId.isEmpty() || imageId.contains("/") || imageId.contains("\\") || imageId.startsWith(".")) {
            throw new ImageNotFoundException(imageId, location, "invalid image id");
        }
        if (!exists(IMAGES + "/" + imageId + "/" + ZGROUP)) {
            throw new ImageNotFoundException(imageId, location, "no image");
        }
        return new ZarrImageRecord(this, store, imageId);
    }

    /** @return every image id, sorted */
    public List<String> listImageIds() {
        List<String> ids = new ArrayList<>();
        for (String child : listChildren(IMAGES)) {
            if (!child.startsWith(".") && exists(IMAGES + "/" + child + "/" + ZGROUP)) {
                ids.add(child);
            }
        }
        return ids;
    }

    /**
     * @param order the visiting order
     * @return every record, in that order
     */
    public List<ZarrImageRecord> iterRecords(OrderBy order) {
        List<ZarrImageRecord> records = new ArrayList<>();
        for (String id : listImageIds()) {
            records.add(new ZarrImageRecord(this, store, id));
        }
        switch (order) {
            case IMAGE_ID -> {
                // already sorted
            }
            case CREATED -> records.sort(Comparator.comparing(r -> String.valueOf(r.attrs().getOrDefault(Attrs.CREATED_UTC, ""))));
            case ACQUIRED -> {
                Map<String, Long> acquired = new LinkedHashMap<>();
                for (ZarrImageRecord r : records) {
                    acquired.put(r.imageId(), acquiredEpochNs(r));
                }
                records.sort(Comparator.comparing((ZarrImageRecord r) -> acquired.get(r.imageId()),
                        Comparator.nullsLast(Comparator.naturalOrder())));
            }
        }
        return records;
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
        List<String> ax = axes == null ? defaultAxes(data.ndim()) : List.copyOf(axes);
        if (ax.size() != data.ndim()) {
            throw new IllegalArgumentException("image has " + data.ndim() + " axes but " + ax.size() + " axis names were given: " + ax);
        }
        int[] ch = chunks == null ? defaultChunks(data.shape(), ax) : chunks.clone();
        if (ch.length != data.ndim()) {
            throw new IllegalArgumentException("image has " + data.ndim() + " axes but chunks " + Arrays.toString(ch) + " has " + ch.length);
        }
        String id = UUID.randomUUID().toString();
        String prefix = IMAGES + "/" + id;
        String now = nowUtc();
        try {
            ensureGroup(IMAGES);
            // the array first, the group marker last: a crash in between leaves no half-listed image
            ZarrArray.create(store, prefix + "/data", ZarrImageRecord.toLongs(data.shape()), ch, data.dtype(),
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
            throw new ZarrException("cannot add image " + id + " to " + location + ": " + e.getMessage(), e);
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
            throw new ZarrException("cannot delete image " + imageId + " from " + location + ": " + e.getMessage(), e);
        }
        touchRoot();
    }

    /** Default axis names for 2-D to 5-D arrays; other ranks get {@code dim_0, dim_1, ...}. */
    static List<String> defaultAxes(int ndim) {
        return switch (ndim) {
            case 2 -> List.of("y", "x");
            case 3 -> List.of("z", "y", "x");
            case 4 -> List.of("z", "y", "x", "c");
            case 5 -> List.of("t", "z", "y", "x", "c");
            default -> {
                List<String> names = new ArrayList<>();
                for (int i = 0; i < ndim; i++) {
                    names.add("dim_" + i);
                }
                yield names;
            }
        };
    }

    /** Default chunks: 1 along t, z and c; {@code min(dim, 512)} along y, x and unknown axes. */
    static int[] defaultChunks(int[] shape, List<String> axes) {
        int[] chunks = new int[shape.length];
        for (int i = 0; i < shape.length; i++) {
            String a = axes.get(i);
            chunks[i] = a.equals("t") || a.equals("z") || a.equals("c") ? 1 : Math.max(1, Math.min(shape[i], 512));
        }
        return chunks;
    }

    // ---- manifest ----

    /**
     * @return the stored manifest, or a freshly built one when none is stored (it is derived data)
     */
    public Manifest loadManifest() {
        Optional<byte[]> bytes = getBytes(MANIFEST);
        if (bytes.isEmpty()) {
            return rebuildManifest();
        }
        String where = store.describe(MANIFEST);
        return ManifestJson.fromJson(Json.parseObject(ZarrImageRecord.gunzip(bytes.get(), where), where), where);
    }

    /** @return a manifest built from the images as they are now (not saved) */
    public Manifest rebuildManifest() {
        Map<String, Object> root = readAttrs("");
        List<ManifestImage> images = new ArrayList<>();
        for (String id : listImageIds()) {
            ZarrImageRecord r = new ZarrImageRecord(this, store, id);
            ArrayInfo info = r.arrayInfo();
            Map<String, Object> attrs = r.attrs();
            List<Long> shape = new ArrayList<>();
            for (long s : info.shape()) {
                shape.add(s);
            }
            List<Integer> chunks = new ArrayList<>();
            for (int c : info.chunks()) {
                chunks.add(c);
            }
            images.add(new ManifestImage(id, shape, info.dtype().numpyName(), chunks, r.axes(),
                    String.valueOf(attrs.getOrDefault(Attrs.CREATED_UTC, "")), String.valueOf(attrs.getOrDefault(Attrs.UPDATED_UTC, "")),
                    acquiredEpochNs(r), r.listAnalysisKeys()));
        }
        return new Manifest(SCHEMA_VERSION, FORMAT, String.valueOf(root.getOrDefault(Attrs.CREATED_UTC, "")), nowUtc(), images);
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

    private static Long acquiredEpochNs(ZarrImageRecord r) {
        // no metadata, or no time in it: acquisition time unknown, as in Python
        return r.headerValue(ManifestJson.ACQUIRED) instanceof Number n ? n.longValue() : null;
    }

    // ---- tables ----

    private static String tableKey(String name) {
        return TABLES + "/" + name + ".parquet";
    }

    /** @return the names of the dataset tables, sorted */
    public List<String> listTableNames() {
        List<String> names = new ArrayList<>();
        for (String child : listChildren(TABLES)) {
            if (child.endsWith(".parquet") && !child.startsWith(".")) {
                names.add(child.substring(0, child.length() - ".parquet".length()));
            }
        }
        return names;
    }

    /**
     * @param name a table name
     * @return whether the table exists
     */
    public boolean hasTable(String name) {
        return exists(tableKey(Names.checkedTableName(name)));
    }

    /**
     * @param name a table name
     * @return the table
     * @throws TableNotFoundException naming the table and dataset when absent
     * @throws ZarrException naming the file when it is not readable Parquet
     */
    public Table loadTable(String name) {
        return loadTableRows(name, null, null, Long.MAX_VALUE);
    }

    /**
     * Reads part of a table, touching only what it must: row groups whose image_id range excludes every
     * wanted image are skipped unread, and only the wanted columns are decoded.
     *
     * @param name a table name
     * @param imageIds the images whose rows are wanted, or null for all
     * @param columns the columns wanted, or null for all
     * @param limit at most this many rows
     * @return the rows, in table order
     * @throws TableNotFoundException naming the table and dataset when absent
     * @throws IllegalArgumentException naming an unknown column
     */
    public Table loadTableRows(String name, Set<String> imageIds, List<String> columns, long limit) {
        String n = Names.checkedTableName(name);
        String key = tableKey(n);
        try (ReadableValue value = openTable(n, key)) {
            return ParquetTables.readRows(new ParquetTables.ValueInputFile(value), store.describe(key), imageIds, columns, limit);
        } catch (IOException e) {
            throw new ZarrException("cannot read " + store.describe(key) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a table one row group at a time (row groups hold whole images, about 131,072 rows), so a table
     * of any size can be exported or summarised in bounded memory.
     *
     * @param name a table name
     * @param each called with each row group's rows, in table order
     * @throws TableNotFoundException naming the table and dataset when absent
     */
    public void scanTable(String name, Consumer<Table> each) {
        String n = Names.checkedTableName(name);
        String key = tableKey(n);
        try (ReadableValue value = openTable(n, key)) {
            ParquetTables.scan(new ParquetTables.ValueInputFile(value), store.describe(key), each);
        } catch (IOException e) {
            throw new ZarrException("cannot read " + store.describe(key) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Per image: its row count in a table and the values of some stamp columns in its first row. Tables
     * written by this library carry this in their footer, so it costs one footer read; for others the
     * image_id and stamp columns are read.
     *
     * @param name a table name
     * @param stampColumns columns whose per-image value is wanted (absent ones give null)
     * @return image id to its rows, in table order
     * @throws TableNotFoundException naming the table and dataset when absent
     */
    public Map<String, ImageRows> tableImageIndex(String name, List<String> stampColumns) {
        String n = Names.checkedTableName(name);
        String key = tableKey(n);
        try (ReadableValue value = openTable(n, key)) {
            return TableLayout.read(new ParquetTables.ValueInputFile(value), store.describe(key), stampColumns).byImage();
        } catch (IOException e) {
            throw new ZarrException("cannot read " + store.describe(key) + ": " + e.getMessage(), e);
        }
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

    private ReadableValue openTable(String n, String key) {
        try {
            return store.open(key).orElseThrow(() -> new TableNotFoundException(n, location, store.describe(key)));
        } catch (IOException e) {
            throw new ZarrException("cannot open " + store.describe(key) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a table's schema and row count from its Parquet footer, without decoding any row.
     *
     * @param name a table name
     * @return the table's name, schema and row count
     * @throws TableNotFoundException naming the table and dataset when absent
     */
    public TableInfo describeTable(String name) {
        String n = Names.checkedTableName(name);
        String key = tableKey(n);
        try (ReadableValue value = openTable(n, key)) {
            return ParquetTables.describe(n, new ParquetTables.ValueInputFile(value), store.describe(key));
        } catch (IOException e) {
            throw new ZarrException("cannot read " + store.describe(key) + ": " + e.getMessage(), e);
        }
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
     * An opaque token that changes whenever the table's file is replaced: compare two to tell whether
     * someone else wrote the table in between.
     *
     * @param name a table name
     * @return the token, or empty when the table does not exist
     */
    public Optional<String> tableVersion(String name) {
        return store.versionOf(tableKey(Names.checkedTableName(name)));
    }

    /**
     * A token that changes whenever any file of the dataset is added, removed or replaced, by any writer,
     * Java or Python: compare two to tell whether anything changed in between (a reader's cache key). It
     * reads no file; on a folder it costs one walk of the dataset's folders (a stat per file).
     *
     * @return the token
     */
    public String changeToken() {
        return changeTokens().dataset();
    }

    /**
     * The dataset's change token and every image's, from one walk (see {@link #changeToken} and
     * {@link #imageChangeTokens}).
     *
     * @param dataset the token of the whole dataset
     * @param images image id to the token of its folder
     */
    public record ChangeTokens(String dataset, Map<String, String> images) {
        /**
         * Copies the map.
         *
         * @param dataset see the record
         * @param images see the record
         */
        public ChangeTokens {
            images = Map.copyOf(images);
        }
    }

    /**
     * @return the dataset's change token and each image's, from one walk of the folders
     */
    public ChangeTokens changeTokens() {
        Map<String, String> images = imageChangeTokens();
        StringBuilder all = new StringBuilder();
        try {
            for (String child : store.listChildren("")) {
                if (child.equals(IMAGES)) {
                    continue;
                }
                String token = store.isFolder(child) ? store.versionSignature(child) : store.version(child).orElse("-");
                all.append(child).append('=').append(token).append('\n');
            }
        } catch (IOException e) {
            throw new ZarrException("cannot list the files of " + location + ": " + e.getMessage(), e);
        }
        new java.util.TreeMap<>(images).forEach((id, token) -> // in id order: the same files give the same token
                all.append(IMAGES).append('/').append(id).append('=').append(token).append('\n'));
        java.security.MessageDigest digest = ZarrImageRecord.sha256();
        return new ChangeTokens(java.util.HexFormat.of().formatHex(digest.digest(all.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8))),
                images);
    }

    /**
     * Per image, a token that changes whenever a file of that image (pixels, attributes, metadata, analysis
     * files, run markers) is added, removed or replaced: {@link #changeToken} image by image, to tell which
     * images changed.
     *
     * @return image id to its token, for every image folder
     */
    public Map<String, String> imageChangeTokens() {
        try {
            Map<String, String> out = store.versionSignatures(IMAGES);
            out.keySet().removeIf(name -> name.startsWith("."));
            return out;
        } catch (IOException e) {
            throw new ZarrException("cannot list the files of " + location + ": " + e.getMessage(), e);
        }
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

    // ---- validation ----

    /**
     * Checks the whole dataset against the on-disk contract: root attributes, every image (see
     * {@link #validateImage}), the manifest and every table. A manifest that is merely out of date is not
     * a problem (it is derived data; see {@link #isManifestStale()}).
     *
     * @return the problems found, each naming the file; empty when the dataset is sound
     */
    public List<String> validate() {
        return new DatasetValidator(this, store).validate();
    }

    /**
     * Checks one image: group, attributes (axes match the array's rank), array metadata, that every chunk
     * exists and decodes, that the array's shape matches the metadata header's, that no pixel write was
     * interrupted, and that the metadata payload parses.
     *
     * @param imageId the image id
     * @return the problems found, each naming the file; empty when the image is sound
     */
    public List<String> validateImage(String imageId) {
        return new DatasetValidator(this, store).validateImage(imageId);
    }

    /**
     * @return whether a stored manifest lists other images than the dataset has (derived data: the next
     *     {@link #updateManifest()} fixes it); false when none is stored
     */
    public boolean isManifestStale() {
        return exists(MANIFEST) && !loadManifest().imageIds().equals(listImageIds());
    }

    // ---- plumbing shared with ZarrImageRecord ----

    void checkWritable(String action) {
        store.checkWritable(action);
    }

    Map<String, Object> readAttrs(String prefix) {
        String key = prefix.isEmpty() ? ZATTRS : prefix + "/" + ZATTRS;
        Optional<byte[]> bytes = getBytes(key);
        if (bytes.isEmpty()) {
            return new LinkedHashMap<>();
        }
        return Json.parseObject(bytes.get(), store.describe(key));
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

    static String nowUtc() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private boolean exists(String key) {
        return store.has(key);
    }

    private Optional<byte[]> getBytes(String key) {
        return store.read(key);
    }

    private void putBytes(String key, byte[] bytes) {
        store.write(key, bytes);
    }

    private List<String> listChildren(String prefix) {
        return store.list(prefix);
    }

    /** Releases the writer lock; every later call on this dataset or its records fails. Idempotent. */
    @Override
    public void close() {
        if (!store.markClosed()) {
            try {
                lock.close();
            } catch (IOException e) {
                LOG.warn("could not release the writer lock of {}: {}", location, e.getMessage());
            }
        }
    }

    @Override
    public String toString() {
        return "ZarrDataset[" + location + ", " + mode + "]";
    }
}
