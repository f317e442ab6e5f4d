package org.kymflow.builtin.events;

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
 * Flow events in each ROI's radon velocity trace (stalls, slow-downs, speed-ups, gaps where the analysis
 * failed), by the port of the Python kymflow {@code detect_events}, on radon's raw {@code velocity_mm_s}
 * in window order, as the Python app feeds it. Reads {@code radon} (its input); an ROI whose trace has
 * fewer than two windows has no events. Also its own provider.
 */
public final class VelocityEventsIndexer implements BaseIndexer, IndexerProvider {
    /** The indexer name. */
    public static final String NAME = "velocity_events";
    /** Bump when results change. */
    public static final String VERSION = "velocity_events@1.1";
    /** The column of ours that marks baseline events weaker than {@code abs_score_floor} (see {@code belowFloor}). */
    public static final String BELOW_SCORE_FLOOR = "below_score_floor";
    static final Schema SCHEMA = Schema.of(
            Field.required("roi_id", ColumnType.INT), Field.required("event_id", ColumnType.INT),
            Field.required("t_start_s", ColumnType.DOUBLE), Field.of("t_end_s", ColumnType.DOUBLE),
            Field.of("peak_t_s", ColumnType.DOUBLE), Field.of("peak_value", ColumnType.DOUBLE), Field.of("score", ColumnType.DOUBLE),
            Field.required("channel", ColumnType.INT), Field.required("event_type", ColumnType.STRING),
            Field.required("machine_type", ColumnType.STRING), Field.required("i_start", ColumnType.INT),
            Field.of("i_peak", ColumnType.INT), Field.of("i_end", ColumnType.INT), Field.of("duration_s", ColumnType.DOUBLE),
            Field.of("baseline_before", ColumnType.DOUBLE), Field.of("baseline_after", ColumnType.DOUBLE),
            Field.of("nan_fraction_in_event", ColumnType.DOUBLE), Field.of("n_valid_in_event", ColumnType.INT),
            Field.required(BELOW_SCORE_FLOOR, ColumnType.BOOLEAN));

    private final Params params;
    private final EventParams eventParams;

    /** The provider form, with default params (needed by ServiceLoader). */
    public VelocityEventsIndexer() {
        this(Params.resolve(NAME, EventParams.defaults(), Map.of()));
    }

    private VelocityEventsIndexer(Params params) {
        this.params = params;
        this.eventParams = EventParams.from(params);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Flow events per ROI velocity trace (baseline drops and rises, NaN and zero gaps), from radon";
    }

    @Override
    public Map<String, Object> defaultParams() {
        return EventParams.defaults();
    }

    @Override
    public BaseIndexer create(Map<String, Object> given) {
        return new VelocityEventsIndexer(Params.resolve(NAME, EventParams.defaults(), given));
    }

    /** @return the detector's params, described for editors and help */
    @Override
    public List<ParamSpec> describeParams() {
        return EventParams.describe();
    }

    /** @return the columns a person reads first (see {@link BaseIndexer#keyColumns()}) */
    @Override
    public List<String> keyColumns() {
        return List.of("roi_id", "event_type", "t_start_s", "t_end_s", "peak_value", BELOW_SCORE_FLOOR);
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

    /**
     * Whether a baseline event's score is weaker than the detector's own {@code abs_score_floor}. Python's
     * {@code detect_events} fills its {@code top_k_total} drops from the deepest minima of the score even when
     * they are not drops at all (a constant trace gives two with score 0); the rows stay as Python gives
     * them, and this column lets a count or a plot leave such events out.
     */
    private boolean belowFloor(VelocityEvent x) {
        return x.eventType().startsWith("baseline_") && x.scorePeak() != null
                && !(Math.abs(x.scorePeak()) >= eventParams.absScoreFloor());
    }

    @Override
    public Table extractRows(ImageRecordView rec) {
        Table radon = rec.inputRows(RadonIndexer.NAME);
        Table.RowBuilder rows = Table.builder(SCHEMA);
        if (radon.rowCount() == 0) {
            return rows.build();
        }
        for (TraceGroups.Trace trace : TraceGroups.of(radon)) {
            if (trace.rows().length < 2) {
                continue; // one window has no sampling rate, so no events
            }
            double[] t = TraceGroups.values(radon, RadonIndexer.TIME_S, trace);
            double[] v = TraceGroups.values(radon, RadonIndexer.VELOCITY, trace);
            List<VelocityEvent> events = VelocityEventDetector.detect(t, v, eventParams).events();
            for (int e = 0; e < events.size(); e++) {
                VelocityEvent x = events.get(e);
                rows.addRow(trace.roiId(), e, x.tStart(), x.tEnd(), x.tPeak(), x.scorePeak(), x.strength(), trace.channel(),
                        x.eventType(), x.machineType(), x.iStart(), x.iPeak(), x.iEnd(), x.durationSec(), x.baselineBefore(),
                        x.baselineAfter(), x.nanFractionInEvent(), x.nValidInEvent(), belowFloor(x));
            }
        }
        return rows.build();
    }
}
