package org.kymflow.runtime;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kymflow.api.ImageRecordView;
import org.kymflow.api.Pixels;
import org.kymflow.table.Table;
import org.kymflow.zarr.ArtifactNotFoundException;
import org.kymflow.zarr.MetadataNotFoundException;
import org.kymflow.zarr.NdArray;
import org.kymflow.zarr.TableNotFoundException;
import org.kymflow.zarr.ZarrDatasetReader;
import org.kymflow.zarr.ZarrImageReader;

/**
 * The read-only {@link ImageRecordView} of a stored image. Pixels are copied out of storage, metadata is
 * deep-copied into unmodifiable maps, so an indexer cannot change what is stored.
 */
final class ZarrRecordView implements ImageRecordView {
    private final ZarrImageReader record;
    private final ZarrDatasetReader dataset;
    private final String reader;
    private final List<String> inputs;
    private volatile Map<String, Object> metadata;

    /**
     * @param record the image
     * @param dataset the dataset, for input rows
     * @param reader the indexer this view is for
     * @param inputs the indexers it declared as inputs: the only ones whose rows it may read
     */
    ZarrRecordView(ZarrImageReader record, ZarrDatasetReader dataset, String reader, List<String> inputs) {
        this(record, dataset, reader, inputs, null);
    }

    /**
     * @param metadata the image's metadata as {@link #loadMetadata} read it (shared by several views), or
     *     null to read it on first use
     */
    ZarrRecordView(ZarrImageReader record, ZarrDatasetReader dataset, String reader, List<String> inputs, Map<String, Object> metadata) {
        this.record = record;
        this.dataset = dataset;
        this.reader = reader;
        this.inputs = List.copyOf(inputs);
        this.metadata = metadata;
    }

    /**
     * @param record an image
     * @return its metadata payload, deeply unmodifiable (so views may share it), or empty when it has none
     */
    static Map<String, Object> loadMetadata(ZarrImageReader record) {
        try {
            return deepUnmodifiable(record.loadMetadataPayload());
        } catch (MetadataNotFoundException e) {
            return Map.of(); // documented: empty when the image has no metadata
        }
    }

    @Override
    public Table inputRows(String indexer) {
        if (!inputs.contains(indexer)) {
            throw new IllegalArgumentException("indexer '" + reader + "' asked for the rows of '" + indexer
                    + "', which is not among its declared inputs " + inputs);
        }
        String table = NamePolicy.tableName(indexer);
        if (!dataset.hasTable(table)) {
            return Table.empty(org.kymflow.table.Schema.of(org.kymflow.table.Field.required(
                    org.kymflow.api.Provenance.IMAGE_ID, org.kymflow.table.ColumnType.STRING)));
        }
        return dataset.loadTableRows(table, java.util.Set.of(imageId()), null, Long.MAX_VALUE);
    }

    @Override
    public String imageId() {
        return record.imageId();
    }

    @Override
    public List<String> axes() {
        return List.copyOf(record.axes());
    }

    @Override
    public int[] shape() {
        return record.arrayInfo().shapeAsInts();
    }

    @Override
    public String dtype() {
        return record.arrayInfo().dtype().numpyName();
    }

    @Override
    public Pixels pixels() {
        return toPixels(record.loadArray());
    }

    @Override
    public Pixels pixels(long[] offset, int[] shape) {
        return toPixels(record.readRegion(offset, shape));
    }

    private static Pixels toPixels(NdArray array) {
        return Pixels.wrap(array.dtype().numpyName(), array.copyData(), array.shape());
    }

    @Override
    public Map<String, Object> metadata() {
        Map<String, Object> m = metadata;
        if (m == null) {
            m = loadMetadata(record);
            metadata = m;
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    private static <T> T deepUnmodifiable(T value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), deepUnmodifiable(v)));
            return (T) Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(v -> copy.add(deepUnmodifiable(v)));
            return (T) Collections.unmodifiableList(copy);
        }
        return value;
    }

    @Override
    public Optional<Object> json(String name) {
        try {
            return Optional.of(deepUnmodifiable(record.loadJson(name)));
        } catch (ArtifactNotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<Table> table(String name) {
        try {
            return Optional.of(record.loadTableArtifact(name));
        } catch (TableNotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<String> analysisKeys() {
        return List.copyOf(record.listAnalysisKeys());
    }

    @Override
    public String toString() {
        return "ImageRecordView[" + imageId() + "]";
    }
}
