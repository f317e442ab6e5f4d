package org.kymflow.builtin.roistats;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.kymflow.api.BaseIndexer;
import org.kymflow.api.ImageRecordView;
import org.kymflow.api.IndexerProvider;
import org.kymflow.api.Params;
import org.kymflow.api.Roi;
import org.kymflow.api.ParamsHash;
import org.kymflow.table.ColumnType;
import org.kymflow.table.Field;
import org.kymflow.table.Schema;
import org.kymflow.table.Table;

/**
 * Pixel statistics per ROI: n, min, max, mean and population std in double precision (the whole image
 * as ROI 0 when there are none). NaN pixels are left out of every figure and counted in {@code n_nan}.
 */
public final class RoiStatsIndexer implements BaseIndexer, IndexerProvider {
    /** The indexer name. */
    public static final String NAME = "roi_stats";
    static final Schema SCHEMA = Schema.of(Field.required("roi_id", ColumnType.INT), Field.required("n", ColumnType.LONG),
            Field.required("n_nan", ColumnType.LONG), Field.of("min", ColumnType.DOUBLE), Field.of("max", ColumnType.DOUBLE),
            Field.of("mean", ColumnType.DOUBLE), Field.of("std", ColumnType.DOUBLE));

    /** Needed by ServiceLoader; the indexer has no params. */
    public RoiStatsIndexer() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Pixel count, min, max, mean and population std per ROI";
    }

    @Override
    public Map<String, Object> defaultParams() {
        return Map.of();
    }

    @Override
    public BaseIndexer create(Map<String, Object> params) {
        Params.resolve(NAME, defaultParams(), params);
        return this;
    }

    /** @return the columns a person reads first (see {@link BaseIndexer#keyColumns()}) */
    @Override
    public List<String> keyColumns() {
        return List.of("roi_id", "mean", "std", "min", "max", "n");
    }

    @Override
    public String analysisVersion() {
        return "roi_stats@1.0";
    }

    @Override
    public String paramsHash(ImageRecordView rec) {
        List<Object> rois = new ArrayList<>();
        for (Roi r : rec.rois()) {
            rois.add(List.of(r.roiId(), r.channel(), r.z(), r.x0(), r.x1(), r.y0(), r.y1()));
        }
        return ParamsHash.sha256(Map.of("rois", rois));
    }

    @Override
    public Table extractRows(ImageRecordView rec) {
        int[] shape = rec.shape();
        if (shape.length != 2) {
            throw new IllegalArgumentException("roi_stats needs a 2-D image; image " + rec.imageId() + " has axes " + rec.axes());
        }
        List<Roi> rois = rec.rois().isEmpty() ? List.of(new Roi(0, 1, 0, 0, shape[1], 0, shape[0])) : rec.rois();
        Table.RowBuilder rows = Table.builder(SCHEMA);
        for (Roi roi : rois) {
            if (roi.isEmpty()) {
                throw new IllegalArgumentException("ROI " + roi.roiId() + " of image " + rec.imageId() + " lies outside the image");
            }
            double[] px = rec.pixels(new long[] {roi.y0(), roi.x0()}, new int[] {roi.height(), roi.width()}).toDoubleArray();
            long n = 0;
            long nan = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            double sum = 0;
            for (double v : px) {
                if (Double.isNaN(v)) {
                    nan++;
                    continue;
                }
                n++;
                min = Math.min(min, v);
                max = Math.max(max, v);
                sum += v;
            }
            double mean = sum / n;
            double squares = 0;
            for (double v : px) {
                if (!Double.isNaN(v)) {
                    squares += (v - mean) * (v - mean);
                }
            }
            boolean any = n > 0;
            rows.addRow(roi.roiId(), n, nan, any ? min : null, any ? max : null, any ? mean : null,
                    any ? Math.sqrt(squares / n) : null);
        }
        return rows.build();
    }
}
