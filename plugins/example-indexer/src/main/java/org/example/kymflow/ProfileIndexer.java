package org.example.kymflow;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.kymflow.api.BaseIndexer;
import org.kymflow.api.ImageRecordView;
import org.kymflow.api.ParamsHash;
import org.kymflow.api.Pixels;
import org.kymflow.api.Roi;
import org.kymflow.table.ColumnType;
import org.kymflow.table.Field;
import org.kymflow.table.Schema;
import org.kymflow.table.Table;

/**
 * The mean of each ROI column over the ROI's lines: the intensity profile across the vessel. With
 * {@code subtract_min}, the profile's minimum is subtracted so profiles of different images compare.
 */
public final class ProfileIndexer implements BaseIndexer {
    static final Schema SCHEMA = Schema.of(Field.required("roi_id", ColumnType.INT), Field.required("x", ColumnType.INT),
            Field.required("mean", ColumnType.DOUBLE));
    private final boolean subtractMin;

    /** @param subtractMin whether to subtract each profile's minimum */
    public ProfileIndexer(boolean subtractMin) {
        this.subtractMin = subtractMin;
    }

    @Override
    public String name() {
        return ProfileProvider.NAME;
    }

    @Override
    public String analysisVersion() {
        return "profile@1.0";
    }

    @Override
    public String paramsHash(ImageRecordView rec) {
        // everything the rows depend on, hashed the way Python and the built-ins hash it
        List<Object> rois = new ArrayList<>();
        for (Roi r : rec.rois()) {
            rois.add(List.of(r.roiId(), r.x0(), r.x1(), r.y0(), r.y1()));
        }
        return ParamsHash.sha256(Map.of("subtract_min", subtractMin, "rois", rois));
    }

    @Override
    public Table extractRows(ImageRecordView rec) {
        int[] shape = rec.shape();
        if (shape.length != 2) {
            throw new IllegalArgumentException("profile needs a 2-D kymograph; image " + rec.imageId() + " has shape "
                    + java.util.Arrays.toString(shape));
        }
        List<Roi> rois = rec.rois().isEmpty() ? List.of(new Roi(0, 1, 0, 0, shape[1], 0, shape[0])) : rec.rois();
        Table.RowBuilder rows = Table.builder(SCHEMA);
        for (Roi roi : rois) {
            if (roi.isEmpty()) {
                continue; // an ROI outside the image has no profile
            }
            Pixels px = rec.pixels(new long[] {roi.y0(), roi.x0()}, new int[] {roi.height(), roi.width()});
            double[] means = new double[roi.width()];
            for (int y = 0; y < roi.height(); y++) {
                for (int x = 0; x < roi.width(); x++) {
                    means[x] += px.getDouble(y, x);
                }
            }
            double min = Double.POSITIVE_INFINITY;
            for (int x = 0; x < means.length; x++) {
                means[x] /= roi.height();
                min = Math.min(min, means[x]);
            }
            for (int x = 0; x < means.length; x++) {
                rows.addRow(roi.roiId(), roi.x0() + x, subtractMin ? means[x] - min : means[x]);
            }
        }
        return rows.build();
    }
}
