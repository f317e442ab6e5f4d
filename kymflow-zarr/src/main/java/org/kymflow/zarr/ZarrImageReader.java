package org.kymflow.zarr;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.kymflow.table.Table;
import org.kymflow.table.TableCsv;

/**
 * One image of a dataset, for reading: its pixel array ({@code images/<id>/data}), attributes, and per-image
 * analysis artifacts (JSON, Parquet and CSV tables, N-D arrays).
 *
 * <p>Obtained from {@link ZarrDatasetReader#record(String)}. It has no write methods;
 * {@link ZarrImageRecord}, from a {@link ZarrDataset} open for writing, adds them. Instances are cheap
 * handles; they hold no open files.
 */
public class ZarrImageReader {    /** The image attribute that caches {@link #pixelsFingerprint()}; Python ignores it. */
    static final String FINGERPRINT_ATTR = "kymflow_pixels";
    /** File name of the canonical metadata payload under {@code analysis/}. */
    public static final String METADATA = "metadata";
    final ZarrDatasetReader dataset;
    final DatasetStore store;
    final String imageId;
    final String prefix;
    volatile ZarrArray array;

    ZarrImageReader(ZarrDatasetReader dataset, DatasetStore store, String imageId) {
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
    String livePath(String path) {
        if (!store.has(path + "/" + ZarrArray.ZARRAY) && store.hasFolder(oldCopy(path))
                && store.has(stagedCopy(path) + "/" + ZarrArray.ZARRAY)) {
            return stagedCopy(path);
        }
        return path;
    }

    static String stagedCopy(String path) {
        return parentOf(path) + "/.new-" + nameOf(path);
    }

    static String oldCopy(String path) {
        return parentOf(path) + "/.old-" + nameOf(path);
    }

    private static String parentOf(String path) {
        return path.substring(0, path.lastIndexOf('/'));
    }

    private static String nameOf(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
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
        return ImageLayout.defaultAxes(arrayInfo().ndim());
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
        keepFingerprint(attrs, sha, signature);
        return sha;
    }

    /** Keeps a computed fingerprint in the image's attributes; a reader writes nothing. */
    void keepFingerprint(Map<String, Object> attrs, String sha, String signature) {
        // read-only: computed each time the files changed, kept by the next writer
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

    String analysisKey(String file) {
        return prefix + "/" + ZarrDataset.ANALYSIS + "/" + file;
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

    String arrayArtifactKey(String n) {
        return prefix + "/" + ZarrDataset.ANALYSIS_ARRAYS + "/" + n;
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

    // ---- helpers ----

    private Optional<byte[]> get(String key) {
        return store.read(key);
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
        return getClass().getSimpleName() + "[" + imageId + "]";
    }
}
