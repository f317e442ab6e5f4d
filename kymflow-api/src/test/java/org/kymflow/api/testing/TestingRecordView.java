package org.kymflow.api.testing;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kymflow.api.ImageRecordView;
import org.kymflow.api.Pixels;
import org.kymflow.api.Roi;
import org.kymflow.table.Table;

/**
 * An in-memory 2-D float32 image for indexer tests: what a plugin author hands to {@link IndexerContract}
 * and to their own tests, without a dataset.
 */
public class TestingRecordView implements ImageRecordView {
    private final String id;
    private final float[] data;
    private final int rows;
    private final int cols;
    private final Map<String, Object> metadata;
    private final List<Roi> rois;
    private final Map<String, Table> inputs;

    /**
     * @param id the image id
     * @param data the pixels, C order (kept, not copied; views hand out copies)
     * @param rows lines (time, axis y)
     * @param cols pixels per line (space, axis x)
     * @param metadata the metadata payload
     * @param rois the ROIs, unclamped (the view clamps them)
     */
    public TestingRecordView(String id, float[] data, int rows, int cols, Map<String, Object> metadata, List<Roi> rois) {
        this.id = id;
        this.data = data;
        this.rows = rows;
        this.cols = cols;
        this.metadata = metadata;
        this.rois = rois;
        this.inputs = Map.of();
    }

    private TestingRecordView(TestingRecordView base, Map<String, Table> inputs) {
        this.id = base.id;
        this.data = base.data;
        this.rows = base.rows;
        this.cols = base.cols;
        this.metadata = base.metadata;
        this.rois = base.rois;
        this.inputs = inputs;
    }

    /**
     * For a derived indexer's tests: the same image, offering {@code rows} as its input's rows.
     *
     * @param indexer the input indexer's name
     * @param rows what that indexer produced for this image
     * @return a new view; this one is unchanged
     */
    public TestingRecordView withInputRows(String indexer, Table rows) {
        Map<String, Table> more = new java.util.LinkedHashMap<>(inputs);
        more.put(indexer, rows);
        return new TestingRecordView(this, Map.copyOf(more));
    }

    @Override
    public String imageId() {
        return id;
    }

    @Override
    public List<String> axes() {
        return List.of("y", "x");
    }

    @Override
    public int[] shape() {
        return new int[] {rows, cols};
    }

    @Override
    public String dtype() {
        return "float32";
    }

    @Override
    public Pixels pixels(long[] offset, int[] shape) {
        float[] out = new float[shape[0] * shape[1]];
        for (int y = 0; y < shape[0]; y++) {
            System.arraycopy(data, (int) ((offset[0] + y) * cols + offset[1]), out, y * shape[1], shape[1]);
        }
        return Pixels.wrap("float32", out, shape);
    }

    @Override
    public Map<String, Object> metadata() {
        return metadata;
    }

    @Override
    public List<Roi> rois() {
        return rois.stream().map(r -> r.clampedTo(rows, cols)).toList();
    }

    @Override
    public Optional<Object> json(String name) {
        return Optional.empty();
    }

    @Override
    public Optional<Table> table(String name) {
        return Optional.empty();
    }

    @Override
    public List<String> analysisKeys() {
        return List.of();
    }

    /** The rows given by {@link #withInputRows}; any other name is refused as the runtime refuses it. */
    @Override
    public Table inputRows(String indexer) {
        Table given = inputs.get(indexer);
        return given != null ? given : ImageRecordView.super.inputRows(indexer);
    }
}
