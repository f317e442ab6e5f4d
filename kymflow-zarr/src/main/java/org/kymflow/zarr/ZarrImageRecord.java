package org.kymflow.zarr;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.kymflow.table.Table;
import org.kymflow.table.TableCsv;
import org.kymflow.zarr.store.WriteMode;

/**
 * One image of a dataset: its pixel array ({@code images/<id>/data}), attributes, and per-image analysis
 * artifacts (JSON, Parquet and CSV tables, N-D arrays).
 *
 * <p>Obtained from {@link ZarrDataset#record(String)}. Writes throw {@link ReadOnlyDatasetException}
 * when the dataset was opened read-only. Instances are cheap handles; they hold no open files.
 */
public final class ZarrImageRecord {
    /** The image attribute that caches {@link #pixelsFingerprint()}; Python ignores it. */
    static final String FINGERPRINT_ATTR = "kymflow_pixels";
    /** File name of the canonical metadata payload under {@code analysis/}. */
    public static final String METADATA = "metadata";

    private final ZarrDataset dataset;
    private final DatasetStore store;
    private final String imageId;
    private final String prefix;
    private volatile ZarrArray array;

    ZarrImageRecord(ZarrDataset dataset, DatasetStore store, String imageId) {
        this.dataset = dataset;
        this.store = store;
        this.imageId = imageId;
        this.prefix = ZarrDataset.IMAGES + "/" + imageId;
    }

    /** @return the image id (a UUID4 string for records made by {@link ZarrDataset#addImage}) */
    public String imageId() {
        return imageId;
    }

    private ZarrArray array() {
        ZarrArray a = array;
        if (a == null) {
            a = ZarrArray.open(store, livePath(prefix + "/data"));
            array = a;
        }
        return a;
    }

    /**
     * Where an array's complete version is: its own path, or, after a crash between the two renames of
     * {@link #replaceArray}, the staged copy (complete, because the old one is moved away only after it).
     */
    private String livePath(String path) {
        if (!store.has(path + "/" + ZarrArray.ZARRAY) && store.hasFolder(oldCopy(path))
                && store.has(stagedCopy(path) + "/" + ZarrArray.ZARRAY)) {
            return stagedCopy(path);
        }
        return path;
    }

    private static String stagedCopy(String path) {
        return parentOf(path) + "/.new-" + nameOf(path);
    }

    private static String oldCopy(String path) {
        return parentOf(path) + "/.old-" + nameOf(path);
    }

    private static String parentOf(String path) {
        return path.substring(0, path.lastIndexOf('/'));
    }

    private static String nameOf(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /**
     * Writes a new array beside the old one, then swaps them by two folder renames: a crash at any point
     * leaves the old array or the complete new one readable, never a mix of their chunks.
     */
    private ZarrArray replaceArray(String path, NdArray data, List<String> axes) throws IOException {
        String staged = stagedCopy(path);
        String old = oldCopy(path);
        if (!store.has(path + "/" + ZarrArray.ZARRAY) && store.hasFolder(old) && store.has(staged + "/" + ZarrArray.ZARRAY)) {
            store.movePrefix(staged, path); // finish the swap an earlier crash interrupted
        }
        store.deletePrefix(staged);
        store.deletePrefix(old);
        ZarrArray created = ZarrArray.create(store, staged, toLongs(data.shape()), ZarrDataset.defaultChunks(data.shape(), axes),
                data.dtype(), ChunkCodec.pythonDefault());
        created.write(new long[data.ndim()], data);
        if (store.hasFolder(path)) {
            store.movePrefix(path, old);
        }
        store.movePrefix(staged, path);
        store.deletePrefix(old);
        return ZarrArray.open(store, path);
    }

    /**
     * Whether the pixel array's metadata reads and every chunk it needs is there: a cheap check (one
     * metadata read and a listing, no chunk decoded) that tells a damaged image from a whole one.
     *
     * @return the problems, each naming the file; empty when the array is whole
     */
    public List<String> pixelProblems() {
        try {
            return missingChunks().stream().map(chunk -> "chunk " + chunk + " is missing").toList();
        } catch (ZarrException | IllegalArgumentException e) {
            return List.of(e.getMessage());
        }
    }

    /** @return the chunk files the pixel array needs but lacks */
    List<String> missingChunks() {
        return array().missingChunks();
    }

    /**
     * @return the leftovers of an interrupted {@link #saveArray} (staged or old copies), for validation
     */
    List<String> interruptedWrites() {
        List<String> found = new ArrayList<>();
        for (String path : List.of(stagedCopy(prefix + "/data"), oldCopy(prefix + "/data"))) {
            if (store.hasFolder(path)) {
                found.add(store.describe(path));
            }
        }
        return found;
    }

    /** @return shape, dtype, chunks and compressor of the pixel array */
    public ArrayInfo arrayInfo() {
        return array().info();
    }

    /** @return the axis names from the record's attributes, or the defaults for its dimensionality */
    public List<String> axes() {
        Object axes = attrs().get(Attrs.AXES);
        if (axes instanceof List<?> list) {
            List<String> out = new ArrayList<>();
            for (Object o : list) {
                out.add(String.valueOf(o));
            }
            return out;
        }
        return ZarrDataset.defaultAxes(arrayInfo().ndim());
    }

    /** @return the record's {@code .zattrs} */
    public Map<String, Object> attrs() {
        return dataset.readAttrs(prefix);
    }

    /**
     * A fingerprint of the stored pixels: SHA-256 over the array's metadata and every stored chunk, as
     * bytes (nothing is decoded). It changes whenever any writer, Java or Python, rewrites the pixels with
     * other values, and not when a dataset is copied elsewhere.
     *
     * <p>Computed once and kept in the image's attributes with a signature of the chunk files' identities
     * (file, size, time), as git's index keeps file stats beside content hashes: later calls only compare
     * that signature, reading no chunk, and hash again only when a file was replaced. A read-only dataset
     * computes it without keeping it.
     *
     * @return the lower-case hex fingerprint
     */
    public String pixelsFingerprint() {
        String data = livePath(prefix + "/data");
        List<String> keys = new ArrayList<>();
        keys.add(data + "/" + ZarrArray.ZARRAY);
        for (String child : store.list(data)) {
            if (!child.startsWith(".")) {
                keys.add(data + "/" + child);
            }
        }
        java.security.MessageDigest stat = sha256();
        for (String key : keys) {
            stat.update((key + "=" + store.versionOf(key).orElse("-") + "\n").getBytes(StandardCharsets.UTF_8));
        }
        String signature = java.util.HexFormat.of().formatHex(stat.digest());
        Map<String, Object> attrs = attrs();
        if (attrs.get(FINGERPRINT_ATTR) instanceof Map<?, ?> cached && signature.equals(cached.get("stat"))
                && cached.get("sha256") instanceof String sha) {
            return sha;
        }
        java.security.MessageDigest content = sha256();
        for (String key : keys) {
            content.update((key.substring(data.length()) + "\n").getBytes(StandardCharsets.UTF_8));
            content.update(store.read(key).orElse(new byte[0]));
        }
        String sha = java.util.HexFormat.of().formatHex(content.digest());
        if (dataset.mode() != OpenMode.READ) {
            Map<String, Object> cache = new LinkedHashMap<>();
            cache.put("sha256", sha);
            cache.put("stat", signature);
            attrs.put(FINGERPRINT_ATTR, cache);
            dataset.writeAttrs(prefix, attrs); // a cache beside the data: updated_utc stays as it was
        }
        return sha;
    }

    static java.security.MessageDigest sha256() {
        try {
            return java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM lacks SHA-256, which every Java platform must provide", e);
        }
    }

    /** @return the whole pixel array */
    public NdArray loadArray() {
        return array().readAll();
    }

    /**
     * Reads a box of pixels, touching only the chunks it overlaps.
     *
     * @param offset start per axis
     * @param shape length per axis
     * @return the pixels
     * @throws IllegalArgumentException when the box leaves the image
     */
    public NdArray readRegion(long[] offset, int[] shape) {
        return array().read(offset, shape);
    }

    /**
     * Replaces the pixel array (shape and dtype may change; chunks keep the defaults for the axes).
     *
     * @param data the new pixels
     */
    public void saveArray(NdArray data) {
        dataset.checkWritable("save the pixels of image " + imageId);
        List<String> stored = axes();
        List<String> axes = stored.size() == data.ndim() ? stored : ZarrDataset.defaultAxes(data.ndim());
        try {
            array = replaceArray(prefix + "/data", data, axes);
            Map<String, Object> attrs = attrs();
            attrs.put(Attrs.AXES, axes);
            attrs.put(Attrs.UPDATED_UTC, ZarrDataset.nowUtc());
            dataset.writeAttrs(prefix, attrs);
        } catch (IOException | UncheckedIOException e) {
            throw new ZarrException("cannot save pixels of image " + imageId + " at " + store.describe(prefix + "/data")
                    + " (the previous pixels are still in place): " + e.getMessage(), e);
        }
        pixelsFingerprint(); // at write time, so staleness checks never read these pixels
    }

    static long[] toLongs(int[] shape) {
        long[] out = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            out[i] = shape[i];
        }
        return out;
    }

    /**
     * @return the height (y), width (x) and number of z planes of the image, from its axes
     */
    public ImageBounds imageBounds() {
        List<String> axes = axes();
        long[] shape = arrayInfo().shape();
        long y = 1;
        long x = 1;
        long z = 1;
        for (int i = 0; i < axes.size() && i < shape.length; i++) {
            switch (axes.get(i)) {
                case "y" -> y = shape[i];
                case "x" -> x = shape[i];
                case "z" -> z = shape[i];
                default -> {
                    // t and c do not bound the image plane
                }
            }
        }
        return new ImageBounds(y, x, z);
    }

    /**
     * The extent of an image plane and its stack.
     *
     * @param height rows (axis y; time in a kymograph)
     * @param width columns (axis x; space in a kymograph)
     * @param depth z planes (1 when there is no z axis)
     */
    public record ImageBounds(long height, long width, long depth) {
    }

    // ---- JSON artifacts ----

    private String analysisKey(String file) {
        return prefix + "/" + ZarrDataset.ANALYSIS + "/" + file;
    }

    /**
     * Saves the canonical metadata payload ({@code header}, {@code experiment_metadata}, {@code rois}) as
     * {@code analysis/metadata.json}.
     *
     * @param payload the payload as plain maps, lists and values
     */
    public void saveMetadataPayload(Map<String, ?> payload) {
        saveJson(METADATA, payload);
    }

    /**
     * @return the metadata payload
     * @throws MetadataNotFoundException naming the image when there is none
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> loadMetadataPayload() {
        Optional<Object> json = findJson(METADATA);
        if (json.isEmpty()) {
            throw new MetadataNotFoundException(imageId, store.describe(analysisKey("metadata.json")));
        }
        if (!(json.get() instanceof Map)) {
            throw new ZarrException(store.describe(analysisKey("metadata.json")) + ": metadata payload must be a JSON object");
        }
        return (Map<String, Object>) json.get();
    }

    /**
     * @param key a key of the metadata payload's {@code header}
     * @return its value, or null when the image has no metadata, no header, or no such key
     * @throws ZarrException naming the file when the payload is malformed
     */
    Object headerValue(String key) {
        if (!store.has(analysisKey("metadata.json")) && !store.has(analysisKey("metadata.json.gz"))) {
            return null;
        }
        return loadMetadataPayload().get("header") instanceof Map<?, ?> header ? header.get(key) : null;
    }

    /**
     * Saves a JSON artifact as {@code analysis/<name>.json} (indent 2), atomically.
     *
     * @param name the artifact name (normalised; see {@link Names})
     * @param value maps, lists, strings, numbers, booleans, nulls
     */
    public void saveJson(String name, Object value) {
        saveJson(name, value, WriteMode.DURABLE);
    }

    /**
     * Saves a JSON artifact as {@code analysis/<name>.json} (indent 2), atomically, with the given
     * durability: {@link WriteMode#ATOMIC} skips forcing to disk, for artifacts that can be recreated
     * (run markers: one lost in a crash only makes its image stale).
     *
     * @param name the artifact name (normalised; see {@link Names})
     * @param value maps, lists, strings, numbers, booleans, nulls
     * @param mode how hard to work to survive a crash
     */
    public void saveJson(String name, Object value, WriteMode mode) {
        String n = Names.checkedName(name, "artifact");
        dataset.checkWritable("save JSON artifact '" + n + "' of image " + imageId);
        try {
            store.put(analysisKey(n + ".json"), Json.write(value, 2, false), mode);
            store.delete(analysisKey(n + ".json.gz")); // the plain file now wins; a stale legacy copy would mislead
        } catch (IOException e) {
            throw new ZarrException("cannot write JSON artifact '" + n + "' of image " + imageId + " ("
                    + store.describe(analysisKey(n + ".json")) + "): " + e.getMessage(), e);
        }
        dataset.touchRecord(prefix, mode);
    }

    /**
     * Loads a JSON artifact, falling back to the legacy {@code <name>.json.gz}.
     *
     * @param name the artifact name
     * @return the value as plain Java objects
     * @throws ArtifactNotFoundException naming the image and artifact when neither file exists
     */
    public Object loadJson(String name) {
        String n = Names.checkedName(name, "artifact");
        return findJson(n).orElseThrow(() -> new ArtifactNotFoundException(imageId, "JSON artifact", n,
                store.describe(analysisKey(n + ".json"))));
    }

    private Optional<Object> findJson(String n) {
        Optional<byte[]> plain = get(analysisKey(n + ".json"));
        if (plain.isPresent()) {
            return Optional.of(Json.parse(plain.get(), store.describe(analysisKey(n + ".json"))));
        }
        Optional<byte[]> gz = get(analysisKey(n + ".json.gz"));
        if (gz.isPresent()) {
            String where = store.describe(analysisKey(n + ".json.gz"));
            return Optional.of(Json.parse(gunzip(gz.get(), where), where));
        }
        return Optional.empty();
    }

    // ---- table artifacts ----

    /**
     * Saves a per-image table as {@code analysis/<name>.parquet} (zstd), atomically.
     *
     * @param name the artifact name
     * @param table the table
     */
    public void saveTableArtifact(String name, Table table) {
        String n = Names.checkedName(name, "artifact");
        dataset.checkWritable("save table artifact '" + n + "' of image " + imageId);
        try {
            put(analysisKey(n + ".parquet"), ParquetTables.write(table));
        } catch (IOException e) {
            throw new ZarrException("cannot encode table artifact '" + n + "' of image " + imageId + ": " + e.getMessage(), e);
        }
        dataset.touchRecord(prefix);
    }

    /**
     * @param name the artifact name
     * @return the table
     * @throws TableNotFoundException naming the image and artifact when absent
     */
    public Table loadTableArtifact(String name) {
        String n = Names.checkedName(name, "artifact");
        String key = analysisKey(n + ".parquet");
        byte[] bytes = get(key).orElseThrow(() -> new TableNotFoundException(n, "image " + imageId, store.describe(key)));
        return ParquetTables.read(bytes, store.describe(key));
    }

    /**
     * Saves a per-image table as gzip CSV, {@code analysis/<name>.csv.gz}.
     *
     * @param name the artifact name
     * @param table the table
     */
    public void saveCsvGz(String name, Table table) {
        String n = Names.checkedName(name, "artifact");
        dataset.checkWritable("save CSV artifact '" + n + "' of image " + imageId);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Writer w = new OutputStreamWriter(new GZIPOutputStream(bytes), StandardCharsets.UTF_8)) {
            TableCsv.write(table, w);
        } catch (IOException e) {
            throw new UncheckedIOException("gzip to memory failed", e);
        }
        put(analysisKey(n + ".csv.gz"), bytes.toByteArray());
        dataset.touchRecord(prefix);
    }

    /**
     * @param name the artifact name
     * @return the table, types inferred from the CSV
     * @throws TableNotFoundException when absent
     */
    public Table loadCsvGz(String name) {
        String n = Names.checkedName(name, "artifact");
        String key = analysisKey(n + ".csv.gz");
        byte[] bytes = get(key).orElseThrow(() -> new TableNotFoundException(n, "image " + imageId, store.describe(key)));
        byte[] csv = gunzip(bytes, store.describe(key));
        try {
            return TableCsv.read(new InputStreamReader(new ByteArrayInputStream(csv), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new ZarrException(store.describe(key) + ": " + e.getMessage(), e);
        }
    }

    // ---- array artifacts ----

    private String arrayArtifactKey(String n) {
        return prefix + "/" + ZarrDataset.ANALYSIS_ARRAYS + "/" + n;
    }

    /**
     * Saves an N-D array artifact as the group {@code analysis_arrays/<name>/} with attrs {@code axes},
     * {@code updated_utc} and the array {@code data}.
     *
     * @param name the artifact name
     * @param data the array
     * @param axes one name per axis, or null for the defaults
     */
    public void saveArrayArtifact(String name, NdArray data, List<String> axes) {
        String n = Names.checkedName(name, "artifact");
        dataset.checkWritable("save array artifact '" + n + "' of image " + imageId);
        List<String> ax = axes == null ? ZarrDataset.defaultAxes(data.ndim()) : List.copyOf(axes);
        if (ax.size() != data.ndim()) {
            throw new IllegalArgumentException("array artifact '" + n + "' has " + data.ndim() + " axes but "
                    + ax.size() + " axis names were given: " + ax);
        }
        String group = arrayArtifactKey(n);
        try {
            dataset.ensureGroup(prefix + "/" + ZarrDataset.ANALYSIS_ARRAYS);
            dataset.ensureGroup(group);
            Map<String, Object> attrs = new LinkedHashMap<>();
            attrs.put(Attrs.AXES, ax);
            attrs.put(Attrs.UPDATED_UTC, ZarrDataset.nowUtc());
            dataset.writeAttrs(group, attrs);
            replaceArray(group + "/data", data, ax);
        } catch (IOException e) {
            throw new ZarrException("cannot save array artifact '" + n + "' of image " + imageId + ": " + e.getMessage(), e);
        }
        dataset.touchRecord(prefix);
    }

    /**
     * @param name the artifact name
     * @return the array
     * @throws ArtifactNotFoundException when absent
     */
    public NdArray loadArrayArtifact(String name) {
        String n = Names.checkedName(name, "artifact");
        String key = arrayArtifactKey(n) + "/data/" + ZarrArray.ZARRAY;
        try {
            if (!store.exists(key)) {
                throw new ArtifactNotFoundException(imageId, "array artifact", n, store.describe(key));
            }
        } catch (IOException e) {
            throw new ZarrException("cannot look for " + store.describe(key), e);
        }
        return ZarrArray.open(store, livePath(arrayArtifactKey(n) + "/data")).readAll();
    }

    /** @return the names of the array artifacts, sorted */
    public List<String> listArrayArtifacts() {
        List<String> out = new ArrayList<>();
        for (String child : list(prefix + "/" + ZarrDataset.ANALYSIS_ARRAYS)) {
            if (!child.startsWith(".")) {
                out.add(child);
            }
        }
        return out;
    }

    /**
     * @return the files under {@code analysis/}, as paths relative to it (e.g. {@code metadata.json},
     *     {@code per_roi/stats.parquet}), sorted
     */
    public List<String> listAnalysisKeys() {
        List<String> out = new ArrayList<>();
        collectFiles(prefix + "/" + ZarrDataset.ANALYSIS, "", out);
        return out;
    }

    private void collectFiles(String folder, String relative, List<String> out) {
        for (String child : list(folder)) {
            if (child.startsWith(".")) {
                continue;
            }
            String key = folder + "/" + child;
            boolean isFolder;
            try {
                isFolder = store.isFolder(key) && !store.exists(key);
            } catch (IOException e) {
                throw new ZarrException("cannot inspect " + store.describe(key) + ": " + e.getMessage(), e);
            }
            if (isFolder) {
                collectFiles(key, relative + child + "/", out);
            } else {
                out.add(relative + child);
            }
        }
    }

    /**
     * Deletes the analysis files whose names end with any of the suffixes (e.g. {@code ".parquet"}).
     *
     * @param suffixes file-name endings
     * @return how many files were deleted
     */
    public int deleteAnalysis(String... suffixes) {
        dataset.checkWritable("delete analysis files of image " + imageId);
        int deleted = 0;
        for (String key : listAnalysisKeys()) {
            for (String suffix : suffixes) {
                if (key.endsWith(suffix)) {
                    try {
                        deleted += store.delete(analysisKey(key)) ? 1 : 0;
                    } catch (IOException e) {
                        throw new ZarrException("cannot delete " + store.describe(analysisKey(key)), e);
                    }
                    break;
                }
            }
        }
        if (deleted > 0) {
            dataset.touchRecord(prefix);
        }
        return deleted;
    }

    // ---- helpers ----

    private Optional<byte[]> get(String key) {
        return store.read(key);
    }

    private void put(String key, byte[] bytes) {
        store.write(key, bytes);
    }

    private List<String> list(String key) {
        return store.list(key);
    }

    static byte[] gunzip(byte[] bytes, String where) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new ZarrException(where + ": corrupt gzip data: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "ZarrImageRecord[" + imageId + "]";
    }
}
