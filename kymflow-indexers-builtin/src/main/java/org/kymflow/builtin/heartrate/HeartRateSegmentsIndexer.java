package org.kymflow.builtin.heartrate;

import java.util.LinkedHashMap;
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
 * The heart rate over time: the Python pipeline's optional {@code do_segments} series (Welch in 6 s windows
 * every 1 s) as a table of its own, one row per ROI, channel and window, for checking that the rate is steady
 * through a recording. Reads {@code radon}; also its own provider.
 */
public final class HeartRateSegmentsIndexer implements BaseIndexer, IndexerProvider {
    /** The indexer name. */
    public static final String NAME = "heart_rate_segments";
    /** Bump when results change. */
    public static final String VERSION = "heart_rate_segments@1";
    static final Schema SCHEMA = Schema.of(
            Field.required("roi_id", ColumnType.INT), Field.required("channel", ColumnType.INT),
            Field.required("segment", ColumnType.INT), Field.required("t_center", ColumnType.DOUBLE),
            Field.required("valid_frac", ColumnType.DOUBLE), Field.of("bpm", ColumnType.DOUBLE), Field.of("snr", ColumnType.DOUBLE),
            Field.of("edge_flag", ColumnType.BOOLEAN), Field.of("band_concentration", ColumnType.DOUBLE));

    private final Params params;
    private final HeartRateParams hrParams;

    /** The provider form, with default params (needed by ServiceLoader). */
    public HeartRateSegmentsIndexer() {
        this(Params.resolve(NAME, defaults(), Map.of()));
    }

    private HeartRateSegmentsIndexer(Params params) {
        this.params = params;
        Map<String, Object> shared = new LinkedHashMap<>(params.asMap());
        shared.keySet().removeIf(k -> k.startsWith("seg_"));
        this.hrParams = HeartRateParams.from(Params.resolve(NAME, HeartRateParams.defaults(), shared));
        if (!(params.getDouble("seg_win_sec") > 0) || !(params.getDouble("seg_step_sec") > 0)) {
            throw new IllegalArgumentException(NAME + ": params 'seg_win_sec' and 'seg_step_sec' must be positive, were "
                    + params.getDouble("seg_win_sec") + " and " + params.getDouble("seg_step_sec"));
        }
    }

    /** @return the heart-rate params and the windows', with Python's defaults */
    static Map<String, Object> defaults() {
        Map<String, Object> m = new LinkedHashMap<>(HeartRateParams.defaults());
        m.remove("lomb_n_freq"); // the series is Welch's alone
        m.remove("agree_tol_bpm");
        m.put("seg_win_sec", 6.0);
        m.put("seg_step_sec", 1.0);
        m.put("seg_min_valid_frac", 0.5);
        return m;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Heart rate over time per ROI: Welch in 6 s windows every 1 s, as the Python kymflow's do_segments";
    }

    @Override
    public Map<String, Object> defaultParams() {
        return defaults();
    }

    @Override
    public BaseIndexer create(Map<String, Object> given) {
        return new HeartRateSegmentsIndexer(Params.resolve(NAME, defaults(), given));
    }

    /** @return the series' params, described for editors and help */
    @Override
    public List<ParamSpec> describeParams() {
        List<ParamSpec> out = new java.util.ArrayList<>(HeartRateParams.describe(false));
        out.add(ParamSpec.number("seg_win_sec", 6.0, 0.0, null, "window length, s"));
        out.add(ParamSpec.number("seg_step_sec", 1.0, 0.0, null, "step between windows, s"));
        out.add(ParamSpec.number("seg_min_valid_frac", 0.5, 0.0, 1.0, "a window with a smaller share of valid windows has no estimate"));
        return out;
    }

    /** @return the columns a person reads first (see {@link BaseIndexer#keyColumns()}) */
    @Override
    public List<String> keyColumns() {
        return List.of("roi_id", "t_center", "bpm", "snr", "valid_frac");
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
            List<HeartRateAnalysis.Segment> segments = HeartRateAnalysis.segments(t, v, hrParams, params.getDouble("seg_win_sec"),
                    params.getDouble("seg_step_sec"), params.getDouble("seg_min_valid_frac"));
            for (int k = 0; k < segments.size(); k++) {
                HeartRateAnalysis.Segment s = segments.get(k);
                HeartRateAnalysis.Estimate w = s.welch();
                rows.addRow(trace.roiId(), trace.channel(), k, s.tCenter(), s.validFrac(), w.present() ? w.bpm() : null,
                        w.present() ? w.snr() : null, w.present() ? w.edge() : null, w.present() ? w.bandConcentration() : null);
            }
        }
        return rows.build();
    }
}
