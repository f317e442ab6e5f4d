package org.kymflow.builtin.diameter;

import java.util.List;
import java.util.Map;
import org.kymflow.api.BaseIndexer;
import org.kymflow.api.ImageRecordView;
import org.kymflow.api.IndexerProvider;
import org.kymflow.api.ParamsHash;
import org.kymflow.builtin.TraceGroups;
import org.kymflow.table.ColumnType;
import org.kymflow.table.Field;
import org.kymflow.table.Schema;
import org.kymflow.table.Table;

/**
 * One row per diameter ROI and channel: the diameter's mean, median, population std and cv over the measured
 * lines, in um (null without the header's pixel size) and pixels, the share of lines without a diameter and
 * the share with any quality flag. Reads {@code diameter}; also its own provider.
 */
public final class DiameterSummaryIndexer implements BaseIndexer, IndexerProvider {
    /** The indexer name. */
    public static final String NAME = "diameter_summary";
    /** Bump when results change. */
    public static final String VERSION = "diameter_summary@1";
    /** Column: the median diameter in um. */
    public static final String MEDIAN_UM = "median_um";
    static final Schema SCHEMA = Schema.of(Field.required("roi_id", ColumnType.INT), Field.required("channel", ColumnType.INT),
            Field.required("n_lines", ColumnType.INT), Field.required("n_measured", ColumnType.INT),
            Field.required("frac_missing", ColumnType.DOUBLE), Field.of("mean_um", ColumnType.DOUBLE), Field.of(MEDIAN_UM, ColumnType.DOUBLE),
            Field.of("std_um", ColumnType.DOUBLE), Field.of("cv", ColumnType.DOUBLE), Field.of("mean_px", ColumnType.DOUBLE),
            Field.of("median_px", ColumnType.DOUBLE), Field.of("std_px", ColumnType.DOUBLE), Field.required("frac_flagged", ColumnType.DOUBLE),
            Field.required("method", ColumnType.STRING));

    /** Needed by ServiceLoader; the summary has no params. */
    public DiameterSummaryIndexer() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Per diameter ROI: mean, median, std and cv of the diameter (um), and the share of lines unmeasured or flagged";
    }

    @Override
    public Map<String, Object> defaultParams() {
        return Map.of();
    }

    @Override
    public BaseIndexer create(Map<String, Object> params) {
        org.kymflow.api.Params.resolve(NAME, defaultParams(), params);
        return this;
    }

    /** @return the columns a person reads first (see {@link BaseIndexer#keyColumns()}) */
    @Override
    public List<String> keyColumns() {
        return List.of("roi_id", MEDIAN_UM, "mean_um", "std_um", "cv", "frac_missing", "frac_flagged");
    }

    @Override
    public String analysisVersion() {
        return VERSION;
    }

    @Override
    public List<String> inputs() {
        return List.of(DiameterIndexer.NAME);
    }

    @Override
    public String paramsHash(ImageRecordView rec) {
        return ParamsHash.sha256(Map.of()); // the diameter rows it reads are stamped by the runtime
    }

    @Override
    public Table extractRows(ImageRecordView rec) {
        Table lines = rec.inputRows(DiameterIndexer.NAME);
        Table.RowBuilder rows = Table.builder(SCHEMA);
        for (TraceGroups.Trace trace : TraceGroups.of(lines, "center_row")) {
            int[] rowsOfRoi = trace.rows();
            double[] um = values(lines, "diameter_um", rowsOfRoi);
            double[] px = values(lines, "diameter_px", rowsOfRoi);
            int flagged = 0;
            for (int r : rowsOfRoi) {
                flagged += lines.getString("qc_flags", r).isEmpty() ? 0 : 1;
            }
            int n = rowsOfRoi.length;
            double[] umStats = stats(um);
            double[] pxStats = stats(px);
            rows.addRow(trace.roiId(), trace.channel(), n, (int) pxStats[3], (n - pxStats[3]) / n, orNull(umStats[0]),
                    orNull(umStats[1]), orNull(umStats[2]), orNull(umStats[2] / Math.abs(umStats[0])), orNull(pxStats[0]),
                    orNull(pxStats[1]), orNull(pxStats[2]), (double) flagged / n, lines.getString("method", rowsOfRoi[0]));
        }
        return rows.build();
    }

    /** A column's values along a trace; a line without a diameter is NaN. */
    private static double[] values(Table t, String column, int[] rows) {
        double[] out = new double[rows.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = t.isNull(column, rows[i]) ? Double.NaN : t.getDouble(column, rows[i]);
        }
        return out;
    }

    /** @return mean, median, population std and the count of the finite values (NaN statistics when none) */
    private static double[] stats(double[] values) {
        double[] sorted = NumpyMath.finiteSorted(values);
        int n = sorted.length;
        if (n == 0) {
            return new double[] {Double.NaN, Double.NaN, Double.NaN, 0};
        }
        double mean = NumpyMath.pairwiseSum(sorted, 0, n) / n;
        double squares = 0;
        for (double v : sorted) {
            squares += (v - mean) * (v - mean);
        }
        return new double[] {mean, NumpyMath.medianOfSorted(sorted), Math.sqrt(squares / n), n};
    }

    private static Double orNull(double x) {
        return Double.isFinite(x) ? x : null;
    }
}
