package org.kymflow.builtin.radon;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kymflow.api.BaseIndexer;
import org.kymflow.api.ImageRecordView;
import org.kymflow.api.ParamSpec;
import org.kymflow.api.Roi;
import org.kymflow.api.Scale;
import org.kymflow.builtin.PixelParamsHash;
import org.kymflow.table.ColumnType;
import org.kymflow.table.Field;
import org.kymflow.table.Schema;
import org.kymflow.table.Table;

/**
 * Flow velocity per ROI from pixels, by the sliding-window Radon method (Drew et al. 2010) as the Python
 * kymflow implements it. One row per window per rect ROI (the whole image when there is none).
 *
 * <p>Results by case: a window with NaN pixels, or a constant window (every angle ties), gives NaN
 * theta and velocity; a ROI shorter than four steps gives no rows; an image without delx/delt in its
 * header gives velocities in pixels per line, said by {@code velocity_units}; a non-2-D image or an ROI
 * that lies outside the image is an error naming the image and ROI.
 */
public final class RadonIndexer implements BaseIndexer {
    /** The indexer name. */
    public static final String NAME = "radon";
    /** Bump when results change: 1.1 added the snr column. */
    public static final String VERSION = "radon@1.1";
    /** The dataset table the runtime writes this indexer's rows to. */
    public static final String TABLE = "kym_" + NAME;
    /** Column: the ROI id. */
    public static final String ROI_ID = "roi_id";
    /** Column: the ROI's channel. */
    public static final String CHANNEL = "channel";
    /** Column: the window number within the ROI, from 0. */
    public static final String WINDOW = "window";
    /** Column: the window centre in seconds (lines when the header has no delt). */
    public static final String TIME_S = "time_s";
    /** Column: the angle of largest projection variance, degrees. */
    public static final String THETA_DEG = "theta_deg";
    /** Column: the raw velocity. */
    public static final String VELOCITY = "velocity_mm_s";
    /** Column: the velocity with outliers masked and a 3-point NaN-ignoring median applied. */
    public static final String CLEAN_VELOCITY = "clean_velocity_mm_s";
    /** Column: the absolute clean velocity. */
    public static final String ABS_VELOCITY = "abs_velocity_mm_s";
    /** Column: the pixel size in micrometres (1.0 when the header has none, with units pixels/line). */
    public static final String DELX_UM = "delx_um";
    /** Column: the line time in seconds (1.0 when the header has none, with units pixels/line). */
    public static final String DELT_S = "delt_s";
    /** Column: {@code mm/s}, or {@code pixels/line} when the header lacks delx/delt. */
    public static final String VELOCITY_UNITS = "velocity_units";
    /**
     * Column: the window's signal-to-noise ratio, the largest standard deviation of the Radon projection
     * over the coarse angles divided by their mean (eLife 2019;8:e45077, figure 3); NaN where theta is.
     */
    public static final String SNR = "snr";
    static final Schema SCHEMA = Schema.of(
            Field.required(ROI_ID, ColumnType.INT), Field.required(CHANNEL, ColumnType.INT),
            Field.required(WINDOW, ColumnType.INT), Field.required(TIME_S, ColumnType.DOUBLE),
            Field.required(THETA_DEG, ColumnType.DOUBLE), Field.required(VELOCITY, ColumnType.DOUBLE),
            Field.required(CLEAN_VELOCITY, ColumnType.DOUBLE), Field.required(ABS_VELOCITY, ColumnType.DOUBLE),
            Field.required(DELX_UM, ColumnType.DOUBLE), Field.required(DELT_S, ColumnType.DOUBLE),
            Field.required(VELOCITY_UNITS, ColumnType.STRING), Field.required(SNR, ColumnType.DOUBLE));

    private final RadonParams params;
    private final boolean parallelWindows;

    /**
     * @param params the checked params
     * @param parallelWindows whether one image's windows are spread over the common fork-join pool
     */
    public RadonIndexer(RadonParams params, boolean parallelWindows) {
        this.params = params;
        this.parallelWindows = parallelWindows;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** @return radon's params, described for editors and help */
    @Override
    public List<ParamSpec> describeParams() {
        return List.of(
                ParamSpec.integer("window_size", 16, 4, null, "lines per window, a multiple of 4; windows step a quarter of it"),
                ParamSpec.number("outlier_std", 2.0, 0.0, null, "the clean velocity drops windows beyond mean +- this many std"),
                ParamSpec.bool("refine", false, "measure each window's slope past the 0.25 degree angle grid (false: Python's results)"));
    }

    /** @return the columns a person reads first (see {@link BaseIndexer#keyColumns()}) */
    @Override
    public List<String> keyColumns() {
        return List.of(ROI_ID, TIME_S, VELOCITY, CLEAN_VELOCITY);
    }

    @Override
    public String analysisVersion() {
        return VERSION;
    }

    @Override
    public String paramsHash(ImageRecordView rec) {
        return PixelParamsHash.of(params.asMap(), velocityRois(rec), rec.scale());
    }

    /**
     * The ROIs radon measures: every ROI but those of kind {@code diameter}, which are scans across a vessel
     * where streak slopes mean nothing (an image whose ROIs are all diameter ROIs gets no rows, not the
     * whole-image fallback of an image without ROIs).
     */
    private static List<Roi> velocityRois(ImageRecordView rec) {
        return rec.rois().stream().filter(r -> !"diameter".equals(rec.roiKind(r.roiId()))).toList();
    }

    @Override
    public Table extractRows(ImageRecordView rec) {
        int[] shape = rec.shape();
        if (shape.length != 2) {
            throw new IllegalArgumentException("radon needs a 2-D kymograph (time, space); image " + rec.imageId()
                    + " has axes " + rec.axes() + " and shape " + java.util.Arrays.toString(shape));
        }
        Optional<Scale> scale = rec.scale();
        double delt = scale.map(Scale::delt).orElse(1.0);
        double delx = scale.map(Scale::delx).orElse(1.0);
        String units = scale.isPresent() ? "mm/s" : "pixels/line";
        List<Roi> rois = velocityRois(rec);
        if (rec.rois().isEmpty()) {
            rois = List.of(new Roi(0, 1, 0, 0, shape[1], 0, shape[0]));
        }
        Table.RowBuilder rows = Table.builder(SCHEMA);
        for (Roi roi : rois) {
            if (roi.isEmpty()) {
                throw new IllegalArgumentException("ROI " + roi.roiId() + " of image " + rec.imageId()
                        + " lies outside the " + shape[0] + " x " + shape[1] + " image (after clamping it covers no pixel)");
            }
            float[] pixels = rec.pixels(new long[] {roi.y0(), roi.x0()}, new int[] {roi.height(), roi.width()}).toFloatArray();
            RadonAnalysis.Result r = RadonAnalysis.analyze(pixels, roi.height(), roi.width(), roi.y0(), params.windowSize(),
                    delx, delt, scale.isPresent(), params.outlierStd(), parallelWindows, params.refine());
            for (int k = 0; k < r.timeS().length; k++) {
                double clean = r.cleanVelocity()[k];
                rows.addRow(roi.roiId(), roi.channel(), k, r.timeS()[k], r.thetaDeg()[k], r.velocity()[k], clean,
                        Math.abs(clean), delx, delt, units, r.snr()[k]);
            }
        }
        return rows.build();
    }
}
