package org.kymflow.builtin.heartrate;

import java.util.List;
import java.util.Map;
import org.kymflow.api.BaseIndexer;
import org.kymflow.api.ImageRecordView;
import org.kymflow.api.IndexerProvider;
import org.kymflow.api.ParamSpec;
import org.kymflow.api.Params;
import org.kymflow.api.ParamsHash;
import org.kymflow.builtin.TraceGroups;
import org.kymflow.builtin.radon.RadonIndexer;
import org.kymflow.table.ColumnType;
import org.kymflow.table.Field;
import org.kymflow.table.Schema;
import org.kymflow.table.Table;

/**
 * The heart rate of each ROI and channel, from radon's raw {@code velocity_mm_s} in window order (the cardiac
 * cycle modulates red-cell speed), as the Python kymflow's heart-rate pipeline summarises it: one row per ROI
 * and channel with its columns and names, then our refined estimate. Reads {@code radon}; also its own provider.
 */
public final class HeartRateIndexer implements BaseIndexer, IndexerProvider {
    /** The indexer name. */
    public static final String NAME = "heart_rate";
    /** Bump when results change. */
    public static final String VERSION = "heart_rate@1";
    static final Schema SCHEMA = Schema.of(
            Field.required("roi_id", ColumnType.INT), Field.required("channel", ColumnType.INT),
            Field.required("n_total", ColumnType.INT), Field.required("n_valid", ColumnType.INT),
            Field.required("valid_frac", ColumnType.DOUBLE), Field.of("t_min", ColumnType.DOUBLE), Field.of("t_max", ColumnType.DOUBLE),
            Field.of("lomb_bpm", ColumnType.DOUBLE), Field.of("lomb_hz", ColumnType.DOUBLE), Field.of("lomb_snr", ColumnType.DOUBLE),
            Field.of("welch_bpm", ColumnType.DOUBLE), Field.of("welch_hz", ColumnType.DOUBLE), Field.of("welch_snr", ColumnType.DOUBLE),
            Field.of("lomb_edge", ColumnType.BOOLEAN), Field.of("welch_edge", ColumnType.BOOLEAN),
            Field.of("lomb_bc", ColumnType.DOUBLE), Field.of("welch_bc", ColumnType.DOUBLE),
            Field.of("agree_delta_bpm", ColumnType.DOUBLE), Field.of("agree_ok", ColumnType.BOOLEAN),
            Field.required("status", ColumnType.STRING), Field.required("status_note", ColumnType.STRING),
            Field.of("refined_bpm", ColumnType.DOUBLE), Field.of("refined_hz", ColumnType.DOUBLE));

    private final Params params;
    private final HeartRateParams hrParams;

    /** The provider form, with default params (needed by ServiceLoader). */
    public HeartRateIndexer() {
        this(Params.resolve(NAME, HeartRateParams.defaults(), Map.of()));
    }

    private HeartRateIndexer(Params params) {
        this.params = params;
        this.hrParams = HeartRateParams.from(params);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Heart rate per ROI from radon's velocity trace: Lomb-Scargle and Welch as the Python kymflow, and a refined peak";
    }

    @Override
    public Map<String, Object> defaultParams() {
        return HeartRateParams.defaults();
    }

    @Override
    public BaseIndexer create(Map<String, Object> given) {
        return new HeartRateIndexer(Params.resolve(NAME, HeartRateParams.defaults(), given));
    }

    /** @return the heart-rate params, described for editors and help */
    @Override
    public List<ParamSpec> describeParams() {
        return HeartRateParams.describe(true);
    }

    /** @return the columns a person reads first (see {@link BaseIndexer#keyColumns()}) */
    @Override
    public List<String> keyColumns() {
        return List.of("roi_id", "refined_bpm", "lomb_bpm", "welch_bpm", "status", "lomb_snr");
    }

    @Override
    public String analysisVersion() {
        return VERSION;
    }

    @Override
    public List<String> inputs() {
        return List.of(RadonIndexer.NAME);
    }

    @Override
    public String paramsHash(ImageRecordView rec) {
        return ParamsHash.sha256(params.asMap()); // the radon rows it reads are stamped by the runtime
    }

    @Override
    public Table extractRows(ImageRecordView rec) {
        Table radon = rec.inputRows(RadonIndexer.NAME);
        Table.RowBuilder rows = Table.builder(SCHEMA);
        for (TraceGroups.Trace trace : TraceGroups.of(radon)) {
            double[] t = TraceGroups.values(radon, RadonIndexer.TIME_S, trace);
            double[] v = TraceGroups.values(radon, RadonIndexer.VELOCITY, trace);
            HeartRateAnalysis.Summary s = HeartRateAnalysis.analyze(t, v, hrParams);
            HeartRateAnalysis.Estimate lomb = s.lomb();
            HeartRateAnalysis.Estimate welch = s.welch();
            rows.addRow(trace.roiId(), trace.channel(), s.nTotal(), s.nValid(), s.validFrac(), orNull(s.tMin()), orNull(s.tMax()),
                    lomb.present() ? lomb.bpm() : null, orNull(lomb.hz()), lomb.present() ? lomb.snr() : null,
                    welch.present() ? welch.bpm() : null, orNull(welch.hz()), welch.present() ? welch.snr() : null,
                    lomb.present() ? lomb.edge() : null, welch.present() ? welch.edge() : null,
                    lomb.bandConcentration(), welch.bandConcentration(), orNull(s.agreeDeltaBpm()), s.agreeOk(), s.status(),
                    s.statusNote(), Double.isNaN(s.refinedHz()) ? null : 60.0 * s.refinedHz(), orNull(s.refinedHz()));
        }
        return rows.build();
    }

    private static Double orNull(double x) {
        return Double.isNaN(x) ? null : x;
    }
}
