package org.kymflow.zarr;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.kymflow.table.Table;
import org.kymflow.zarr.parquet.StoreValueInputFile;
import org.kymflow.zarr.store.DirectoryStore;
import org.kymflow.zarr.store.KeyValueStore;
import org.kymflow.zarr.store.ReadableValue;
import org.kymflow.zarr.store.WriterLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A KymFlow dataset opened for reading: a Zarr v2 group laid out exactly as the Python {@code kymflow_zarr}
 * package lays it out, so Python and Java read each other's datasets.
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
 * <p>This type has no write methods: a dataset opened with {@link #open(Path)} cannot be written through
 * it, by type. {@link ZarrDataset} is the writer, which is also a reader (N5's {@code N5Reader} and
 * {@code N5Writer} are the model). Readers take no lock and never block a writer; every file a writer
 * replaces is replaced atomically, so a reader sees the old file or the new one. Safe to use from several
 * threads.
 */
public class ZarrDatasetReader implements AutoCloseable {
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
    static final String ZGROUP = ".zgroup";
    static final String ZATTRS = ".zattrs";
    private static final Logger LOG = LoggerFactory.getLogger(ZarrDatasetReader.class);

    final DatasetStore store;
    private final OpenMode mode;
    private final String location;
    private final WriterLock lock;

    ZarrDatasetReader(KeyValueStore store, OpenMode mode, String location, WriterLock lock) {
        this.store = new DatasetStore(store, location, mode, lock);
        this.mode = mode;
        this.location = location;
        this.lock = lock;
    }

    /**
     * Opens a dataset folder for reading only: no lock is taken, and nothing can be written through the
     * returned type.
     *
     * @param path the dataset folder (conventionally {@code something.zarr})
     * @return the dataset
     * @throws ZarrException when the folder does not exist or is not a KymFlow dataset, naming the path
     *     and the cause
     */
    public static ZarrDatasetReader open(Path path) {
        Path root = path.toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            throw new ZarrException("no dataset at " + root + ": folder does not exist");
        }
        return open(new DirectoryStore(root), root.toString());
    }

    /**
     * Opens a dataset over any store for reading only: the embedding seam.
     *
     * @param store the key-value store
     * @param location a description for messages
     * @return the dataset
     * @throws ZarrException when the store holds no KymFlow dataset
     */
    public static ZarrDatasetReader open(KeyValueStore store, String location) {
        ZarrDatasetReader reader = new ZarrDatasetReader(store, OpenMode.READ, location, DatasetStore.NO_LOCK);
        reader.checkExisting();
        return reader;
    }

    /** Checks that the store holds a KymFlow dataset of a schema this code reads. */
    void checkExisting() {
        if (!exists(ZGROUP)) {
            throw new ZarrException("no dataset at " + location + ": " + store.describe(ZGROUP) + " is missing");
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

    // ---- images ----

    /**
     * @param imageId an image id
     * @return the record
     * @throws ImageNotFoundException naming the id and dataset when absent
     */
    public ZarrImageReader record(String imageId) {
        if (imageId == null || imageId.isEmpty() || imageId.contains("/") || imageId.contains("\\") || imageId.startsWith(".")) {
            throw new ImageNotFoundException(imageId, location, "invalid image id");
        }
        if (!exists(IMAGES + "/" + imageId + "/" + ZGROUP)) {
            throw new ImageNotFoundException(imageId, location, "no image");
        }
        return handle(imageId);
    }

    /** @return a handle on an existing image: a reader here, a writable record in {@link ZarrDataset} */
    ZarrImageReader handle(String imageId) {
        return new ZarrImageReader(this, store, imageId);
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
    public List<? extends ZarrImageReader> iterRecords(OrderBy order) {
        return sorted(order, this::handle);
    }

    /** The records made by {@code handle}, in the given order. */
    <R extends ZarrImageReader> List<R> sorted(OrderBy order, java.util.function.Function<String, R> handle) {
        List<R> records = new ArrayList<>();
        for (String id : listImageIds()) {
            records.add(handle.apply(id));
        }
        switch (order) {
            case IMAGE_ID -> {
                // already sorted
            }
            case CREATED -> records.sort(Comparator.comparing(r -> String.valueOf(r.attrs().getOrDefault(Attrs.CREATED_UTC, ""))));
            case ACQUIRED -> {
                Map<String, Long> acquired = new LinkedHashMap<>();
                for (R r : records) {
                    acquired.put(r.imageId(), ManifestJson.acquiredEpochNs(r));
                }
                records.sort(Comparator.comparing((R r) -> acquired.get(r.imageId()),
                        Comparator.nullsLast(Comparator.naturalOrder())));
            }
        }
        return records;
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
        return ManifestJson.fromJson(Json.parseObject(ZarrImageReader.gunzip(bytes.get(), where), where), where);
    }

    /** @return a manifest built from the images as they are now (not saved) */
    public Manifest rebuildManifest() {
        List<ManifestImage> images = new ArrayList<>();
        for (String id : listImageIds()) {
            images.add(ManifestJson.entry(handle(id)));
        }
        return new Manifest(SCHEMA_VERSION, FORMAT, String.valueOf(rootAttrs().getOrDefault(Attrs.CREATED_UTC, "")), nowUtc(), images);
    }

    // ---- tables ----

    static String tableKey(String name) {
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
        return readTable(name, (n, file, where) -> ParquetTables.readRows(file, where, imageIds, columns, limit));
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
        readTable(name, (n, file, where) -> {
            ParquetTables.scan(file, where, each);
            return null;
        });
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
        return readTable(name, (n, file, where) -> TableLayout.read(file, where, stampColumns).byImage());
    }

    /** Reads one table's file: a missing table and an I/O failure each become one line naming the file. */
    private <T> T readTable(String name, TableRead<T> read) {
        String n = Names.checkedTableName(name);
        String key = tableKey(n);
        String where = store.describe(key);
        ReadableValue value;
        try {
            value = store.open(key).orElseThrow(() -> new TableNotFoundException(n, location, where));
        } catch (IOException e) {
            throw new ZarrException("cannot open " + where + ": " + e.getMessage(), e);
        }
        try (value) {
            return read.apply(n, new StoreValueInputFile(value), where);
        } catch (IOException e) {
            throw new ZarrException("cannot read " + where + ": " + e.getMessage(), e);
        }
    }

    /** A read of one table's Parquet file. */
    private interface TableRead<T> {
        T apply(String name, StoreValueInputFile file, String where) throws IOException;
    }

    /**
     * Reads a table's schema and row count from its Parquet footer, without decoding any row.
     *
     * @param name a table name
     * @return the table's name, schema and row count
     * @throws TableNotFoundException naming the table and dataset when absent
     */
    public TableInfo describeTable(String name) {
        return readTable(name, (n, file, where) -> ParquetTables.describe(n, file, where));
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
     * @return the dataset's change token and each image's, from one walk of the folders
     */
    public ChangeTokens changeTokens() {
        return ChangeTokens.of(store, location, imageChangeTokens());
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
     *     {@link ZarrDataset#updateManifest()} fixes it); false when none is stored
     */
    public boolean isManifestStale() {
        return exists(MANIFEST) && !loadManifest().imageIds().equals(listImageIds());
    }

    // ---- plumbing shared with the writer and the records ----

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

    static String nowUtc() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    boolean exists(String key) {
        return store.has(key);
    }

    Optional<byte[]> getBytes(String key) {
        return store.read(key);
    }

    List<String> listChildren(String prefix) {
        return store.list(prefix);
    }

    /** Releases the writer lock, if any; every later call on this dataset or its records fails. Idempotent. */
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
        return getClass().getSimpleName() + "[" + location + ", " + mode + "]";
    }
}
