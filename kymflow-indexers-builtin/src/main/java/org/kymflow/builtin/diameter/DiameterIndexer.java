package org.kymflow.builtin.diameter;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kymflow.api.BaseIndexer;
import org.kymflow.api.ImageRecordView;
import org.kymflow.api.IndexerProvider;
import org.kymflow.api.ParamSpec;
import org.kymflow.api.Params;
import org.kymflow.api.Roi;
import org.kymflow.api.Scale;
import org.kymflow.builtin.PixelParamsHash;
import org.kymflow.table.ColumnType;
import org.kymflow.table.Field;
import org.kymflow.table.Schema;
import org.kymflow.table.Table;

/**
 * Vessel diameter per line of each diameter ROI ({@code "kind": "diameter"}, a scan across a vessel): one row
 * per measured line with the Python {@code DiameterResult}'s columns and names, then ours. Velocity ROIs are
 * not measured, so an image without diameter ROIs has no rows. Also its own provider.
 */
public final class DiameterIndexer implements BaseIndexer, IndexerProvider {
    /** The indexer name. */
    public static final String NAME = "diameter";
    /** Bump when results change. */
    public static final String VERSION = "diameter@1";
    /** The ROI kind this analysis measures. */
    public static final String KIND = "diameter";
    static final Schema SCHEMA = Schema.of(
            Field.required("roi_id", ColumnType.INT), Field.required("channel", ColumnType.INT),
            Field.required("center_row", ColumnType.INT), Field.of("time_s", ColumnType.DOUBLE),
            Field.of("left_edge_px", ColumnType.DOUBLE), Field.of("right_edge_px", ColumnType.DOUBLE),
            Field.of("diameter_px", ColumnType.DOUBLE), Field.of("diameter_um", ColumnType.DOUBLE),
            Field.of("peak", ColumnType.DOUBLE), Field.of("baseline", ColumnType.DOUBLE),
            Field.of("edge_strength_left", ColumnType.DOUBLE), Field.of("edge_strength_right", ColumnType.DOUBLE),
            Field.required("qc_score", ColumnType.DOUBLE), Field.required("qc_flags", ColumnType.STRING),
            Field.required("method", ColumnType.STRING),
            Field.of("diameter_px_filt", ColumnType.DOUBLE), Field.of("diameter_um_filt", ColumnType.DOUBLE),
            Field.required("diameter_was_filtered", ColumnType.BOOLEAN), Field.required("qc_edge_violation", ColumnType.BOOLEAN),
            Field.required("qc_diameter_violation", ColumnType.BOOLEAN), Field.required("qc_center_violation", ColumnType.BOOLEAN),
            Field.of("sum_intensity", ColumnType.DOUBLE));

    private final Params params;
    private final DiameterParams diameterParams;

    /** The provider form, with default params (needed by ServiceLoader). */
    public DiameterIndexer() {
        this(Params.resolve(NAME, DiameterParams.defaults(), Map.of()));
    }

    private DiameterIndexer(Params params) {
        this.params = params;
        this.diameterParams = DiameterParams.from(params);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Vessel diameter per line of diameter ROIs (cross-section scans): a sub-pixel fit, or Python's threshold_width or gradient_edges";
    }

    @Override
    public Map<String, Object> defaultParams() {
        return DiameterParams.defaults();
    }

    @Override
    public BaseIndexer create(Map<String, Object> given) {
        return new DiameterIndexer(Params.resolve(NAME, DiameterParams.defaults(), given));
    }

    /** @return the diameter params, described for editors and help */
    @Override
    public List<ParamSpec> describeParams() {
        return DiameterParams.describe();
    }

    /** @return the columns a person reads first (see {@link BaseIndexer#keyColumns()}) */
    @Override
    public List<String> keyColumns() {
        return List.of("roi_id", "time_s", "diameter_um", "diameter_px", "left_edge_px", "right_edge_px", "qc_score");
    }

    @Override
    public String analysisVersion() {
        return VERSION;
    }

    /**
     * @param rec an image
     * @return its diameter ROIs
     */
    public static List<Roi> diameterRois(ImageRecordView rec) {
        return rec.rois().stream().filter(r -> KIND.equals(rec.roiKind(r.roiId()))).toList();
    }

    @Override
    public String paramsHash(ImageRecordView rec) {
        return PixelParamsHash.of(params.asMap(), diameterRois(rec), rec.scale());
    }

    @Override
    public Table extractRows(ImageRecordView rec) {
        Table.RowBuilder rows = Table.builder(SCHEMA);
        List<Roi> rois = diameterRois(rec);
        if (rois.isEmpty()) {
            return rows.build();
        }
        int[] shape = rec.shape();
        if (shape.length != 2) {
            throw new IllegalArgumentException("diameter needs a 2-D kymograph (time, space); image " + rec.imageId()
                    + " has axes " + rec.axes() + " and shape " + java.util.Arrays.toString(shape));
        }
        Optional<Scale> scale = rec.scale();
        double delx = scale.map(Scale::delx).orElse(Double.NaN);
        double delt = scale.map(Scale::delt).orElse(Double.NaN);
        for (Roi roi : rois) {
            if (roi.isEmpty() || roi.width() < 5) {
                throw new IllegalArgumentException("diameter ROI " + roi.roiId() + " of image " + rec.imageId()
                        + " is " + roi.width() + " pixels wide; a profile across a vessel needs at least 5");
            }
            double[] pixels = rec.pixels(new long[] {roi.y0(), roi.x0()}, new int[] {roi.height(), roi.width()}).toDoubleArray();
            DiameterAnalysis.Result r;
            try {
                r = DiameterAnalysis.analyze(pixels, roi.height(), roi.width(), roi.y0(), roi.x0(), delx, diameterParams);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("image " + rec.imageId() + ", ROI " + roi.roiId() + ": " + e.getMessage(), e);
            }
            for (int k = 0; k < r.size(); k++) {
                rows.addRow(roi.roiId(), roi.channel(), r.centerRow()[k], orNull(r.centerRow()[k] * delt), orNull(r.left()[k]),
                        orNull(r.right()[k]), orNull(r.diameter()[k]), orNull(r.diameter()[k] * delx), orNull(r.peak()[k]),
                        orNull(r.baseline()[k]), orNull(r.edgeStrengthLeft()[k]), orNull(r.edgeStrengthRight()[k]), r.qcScore()[k],
                        String.join("|", r.qcFlags().get(k)), diameterParams.method(), orNull(r.diameterFiltered()[k]),
                        orNull(r.diameterFiltered()[k] * delx), r.wasFiltered()[k], r.edgeViolation()[k], r.diameterViolation()[k],
                        r.centerViolation()[k], orNull(r.sumIntensity()[k]));
            }
        }
        return rows.build();
    }

    private static Double orNull(double x) {
        return Double.isFinite(x) ? x : null;
    }
}
