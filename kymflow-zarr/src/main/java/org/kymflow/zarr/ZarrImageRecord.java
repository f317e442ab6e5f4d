package org.kymflow.zarr;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.kymflow.table.Table;
import org.kymflow.table.TableCsv;
import org.kymflow.zarr.codec.ChunkCodec;
import org.kymflow.zarr.store.WriteMode;

/**
 * One image of a dataset open for writing: everything {@link ZarrImageReader} reads, plus writes of its
 * pixels, metadata payload and analysis artifacts.
 *
 * <p>Obtained from {@link ZarrDataset#record(String)}. Writes throw {@link ReadOnlyDatasetException}
 * when the dataset was opened read-only. Instances are cheap handles; they hold no open files.
 */
public final class ZarrImageRecord extends ZarrImageReader {
    private final ZarrDataset writer;

    ZarrImageRecord(ZarrDataset dataset, DatasetStore store, String imageId) {
        super(dataset, store, imageId);
        this.writer = dataset;
    }

    @Override
    void keepFingerprint(Map<String, Object> attrs, String sha, String signature) {
        if (writer.mode() != OpenMode.READ) {
            Map<String, Object> cache = new LinkedHashMap<>();
            cache.put("sha256", sha);
            cache.put("stat", signature);
            attrs.put(FINGERPRINT_ATTR, cache);
            writer.writeAttrs(prefix, attrs); // a cache beside the data: updated_utc stays as it was
        }
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
        ZarrArray created = ZarrArray.create(store, staged, toLongs(data.shape()), ImageLayout.defaultChunks(data.shape(), axes),
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
     * Replaces the pixel array (shape and dtype may change; chunks keep the defaults for the axes).
     *
     * @param data the new pixels
     */
    public void saveArray(NdArray data) {
        writer.checkWritable("save the pixels of image " + imageId);
        List<String> stored = axes();
        List<String> axes = stored.size() == data.ndim() ? stored : ImageLayout.defaultAxes(data.ndim());
        try {
            array = replaceArray(prefix + "/data", data, axes);
            Map<String, Object> attrs = attrs();
            attrs.put(Attrs.AXES, axes);
            attrs.put(Attrs.UPDATED_UTC, ZarrDataset.nowUtc());
            writer.writeAttrs(prefix, attrs);
        } catch (IOException | UncheckedIOException e) {
            throw new ZarrException("cannot save pixels of image " + imageId + " at " + store.describe(prefix + "/data")
                    + " (the previous pixels are still in place): " + e.getMessage(), e);
        }
        pixelsFingerprint(); // at write time, so staleness checks never read these pixels
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
        writer.checkWritable("save JSON artifact '" + n + "' of image " + imageId);
        try {
            store.put(analysisKey(n + ".json"), Json.write(value, 2, false), mode);
            store.delete(analysisKey(n + ".json.gz")); // the plain file now wins; a stale legacy copy would mislead
        } catch (IOException e) {
            throw new ZarrException("cannot write JSON artifact '" + n + "' of image " + imageId + " ("
                    + store.describe(analysisKey(n + ".json")) + "): " + e.getMessage(), e);
        }
        writer.touchRecord(prefix, mode);
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
        writer.checkWritable("save table artifact '" + n + "' of image " + imageId);
        try {
            put(analysisKey(n + ".parquet"), ParquetTables.write(table));
        } catch (IOException e) {
            throw new ZarrException("cannot encode table artifact '" + n + "' of image " + imageId + ": " + e.getMessage(), e);
        }
        writer.touchRecord(prefix);
    }

    /**
     * Saves a per-image table as gzip CSV, {@code analysis/<name>.csv.gz}.
     *
     * @param name the artifact name
     * @param table the table
     */
    public void saveCsvGz(String name, Table table) {
        String n = Names.checkedName(name, "artifact");
        writer.checkWritable("save CSV artifact '" + n + "' of image " + imageId);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Writer w = new OutputStreamWriter(new GZIPOutputStream(bytes), StandardCharsets.UTF_8)) {
            TableCsv.write(table, w);
        } catch (IOException e) {
            throw new UncheckedIOException("gzip to memory failed", e);
        }
        put(analysisKey(n + ".csv.gz"), bytes.toByteArray());
        writer.touchRecord(prefix);
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
        writer.checkWritable("save array artifact '" + n + "' of image " + imageId);
        List<String> ax = axes == null ? ImageLayout.defaultAxes(data.ndim()) : List.copyOf(axes);
        if (ax.size() != data.ndim()) {
            throw new IllegalArgumentException("array artifact '" + n + "' has " + data.ndim() + " axes but "
                    + ax.size() + " axis names were given: " + ax);
        }
        String group = arrayArtifactKey(n);
        try {
            writer.ensureGroup(prefix + "/" + ZarrDataset.ANALYSIS_ARRAYS);
            writer.ensureGroup(group);
            Map<String, Object> attrs = new LinkedHashMap<>();
            attrs.put(Attrs.AXES, ax);
            attrs.put(Attrs.UPDATED_UTC, ZarrDataset.nowUtc());
            writer.writeAttrs(group, attrs);
            replaceArray(group + "/data", data, ax);
        } catch (IOException e) {
            throw new ZarrException("cannot save array artifact '" + n + "' of image " + imageId + ": " + e.getMessage(), e);
        }
        writer.touchRecord(prefix);
    }

    /**
     * Deletes the analysis files whose names end with any of the suffixes (e.g. {@code ".parquet"}).
     *
     * @param suffixes file-name endings
     * @return how many files were deleted
     */
    public int deleteAnalysis(String... suffixes) {
        writer.checkWritable("delete analysis files of image " + imageId);
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
            writer.touchRecord(prefix);
        }
        return deleted;
    }

    private void put(String key, byte[] bytes) {
        store.write(key, bytes);
    }
}
