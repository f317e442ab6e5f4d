package org.kymflow.builtin.summary;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.kymflow.api.BaseIndexer;
import org.kymflow.api.ImageRecordView;
import org.kymflow.api.IndexerProvider;
import org.kymflow.api.Params;
import org.kymflow.api.ParamsHash;
import org.kymflow.builtin.TraceGroups;
import org.kymflow.builtin.events.VelocityEventsIndexer;
import org.kymflow.builtin.radon.RadonIndexer;
import org.kymflow.table.ColumnType;
import org.kymflow.table.Field;
import org.kymflow.table.Schema;
import org.kymflow.table.Table;

/**
 * One row per ROI and channel, the table a lab pastes into its statistics: statistics of the clean
 * velocity and of its absolute value over all windows, and again over the windows whose {@code snr} is
 * at least {@code min_snr} (0, the default, keeps every window), the number of events by type, the
 * trace's duration and units. Reads {@code radon} and {@code velocity_events}. Also its own provider.
 *
 * <p>Statistics ignore NaN: {@code n_valid}, {@code frac_nan} (of all windows), {@code mean},
 * {@code median}, {@code std} (population), {@code cv} (std / |mean|), {@code p5} and {@code p95}
 * (numpy's default linear percentiles). With no valid window they are null.
 */
public final class VelocitySummaryIndexer implements BaseIndexer, IndexerProvider {
    /** The indexer name. */
    public static final String NAME = "velocity_summary";
    /** Bump when results change. */
    public static final String VERSION = "velocity_summary@1.1";
    /** The column of the median clean velocity of a trace (mm/s, or pixels/line without a scale). */
    public static final String CLEAN_MEDIAN = "clean_median";
    /** The event types counted, one column each ({@code n_<type>}). */
    static final List<String> EVENT_TYPES = List.of("baseline_drop", "baseline_rise", "nan_gap", "zero_gap");
    static final List<String> GROUPS = List.of("clean", "abs", "snr_clean", "snr_abs");
    static final List<String> STATS = List.of("n_valid", "frac_nan", "mean", "median", "std", "cv", "p5", "p95");
    static final Schema SCHEMA = schema();

    private final Params params;

    /** The provider form, with default params (needed by ServiceLoader). */
    public VelocitySummaryIndexer() {
        this(Params.resolve(NAME, defaults(), Map.of()));
    }

    private VelocitySummaryIndexer(Params params) {
        this.params = params;
    }

    private static Map<String, Object> defaults() {
        return Map.of("min_snr", 0.0);
    }

    private static Schema schema() {
        List<Field> fields = new ArrayList<>(List.of(Field.required("roi_id", ColumnType.INT),
                Field.required("channel", ColumnType.INT), Field.required("n_windows", ColumnType.INT)));
        for (String g : GROUPS) {
            for (String s : STATS) {
                fields.add(s.equals("n_valid") ? Field.required(g + "_" + s, ColumnType.INT) : Field.of(g + "_" + s, ColumnType.DOUBLE));
            }
        }
        for (String type : EVENT_TYPES) {
            fields.add(Field.required("n_" + type, ColumnType.INT));
        }
        // baseline events weaker than the detector's abs_score_floor (Python's top-k fillers): not counted above
        fields.add(Field.required("n_below_score_floor", ColumnType.INT));
        fields.add(Field.of("duration_s", ColumnType.DOUBLE));
        fields.add(Field.required("velocity_units", ColumnType.STRING));
        return new Schema(fields);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Per ROI: statistics of the clean velocity and its absolute value (all windows, and windows with snr >= min_snr), events by type";
    }

    @Override
    public Map<String, Object> defaultParams() {
        return defaults();
    }

    @Override
    public BaseIndexer create(Map<String, Object> given) {
        return new VelocitySummaryIndexer(Params.resolve(NAME, defaults(), given));
    }

    /** @return the columns a person reads first (see {@link BaseIndexer#keyColumns()}) */
    /** @return the summary's one param, described for editors and help */
    @Override
    public List<org.kymflow.api.ParamSpec> describeParams() {
        return List.of(org.kymflow.api.ParamSpec.number("min_snr", 0.0, 0.0, null,
                "the snr_ statistics keep windows with at least this snr (0 keeps every window)"));
    }

    @Override
    public List<String> keyColumns() {
        return List.of("roi_id", CLEAN_MEDIAN, "clean_mean", "clean_cv", "n_baseline_drop", "n_baseline_rise", "velocity_units");
    }

    @Override
    public String analysisVersion() {
        return VERSION;
    }

    @Override
    public List<String> inputs() {
        return List.of(RadonIndexer.NAME, VelocityEventsIndexer.NAME);
    }

    @Override
    public String paramsHash(ImageRecordView rec) {
        return ParamsHash.sha256(params.asMap());
    }

    @Override
    public Table extractRows(ImageRecordView rec) {
        Table radon = rec.inputRows(RadonIndexer.NAME);
        Table events = rec.inputRows(VelocityEventsIndexer.NAME);
        double minSnr = params.getDouble("min_snr");
        Table.RowBuilder out = Table.builder(SCHEMA);
        if (radon.rowCount() == 0) {
            return out.build();
        }
        for (TraceGroups.Trace trace : TraceGroups.of(radon)) {
            double[] clean = TraceGroups.values(radon, RadonIndexer.CLEAN_VELOCITY, trace);
            double[] abs = TraceGroups.values(radon, RadonIndexer.ABS_VELOCITY, trace);
            double[] snr = radon.hasColumn(RadonIndexer.SNR) ? TraceGroups.values(radon, RadonIndexer.SNR, trace) : null;
            double[] time = TraceGroups.values(radon, RadonIndexer.TIME_S, trace);
            List<Object> row = new ArrayList<>(List.of(trace.roiId(), trace.channel(), trace.rows().length));
            row.addAll(stats(clean, null, minSnr));
            row.addAll(stats(abs, null, minSnr));
            row.addAll(stats(clean, snr, minSnr));
            row.addAll(stats(abs, snr, minSnr));
            boolean flagged = events.hasColumn(VelocityEventsIndexer.BELOW_SCORE_FLOOR);
            int weak = 0;
            for (String type : EVENT_TYPES) {
                int n = 0;
                for (int r = 0; r < events.rowCount(); r++) {
                    if (events.getInt("roi_id", r) == trace.roiId() && events.getInt("channel", r) == trace.channel()
                            && type.equals(events.getString("event_type", r))) {
                        // a top-k filler weaker than the detector's floor is no drop: counted apart, never as one
                        if (flagged && !events.isNull(VelocityEventsIndexer.BELOW_SCORE_FLOOR, r)
                                && events.getBoolean(VelocityEventsIndexer.BELOW_SCORE_FLOOR, r)) {
                            weak++;
                        } else {
                            n++;
                        }
                    }
                }
                row.add(n);
            }
            row.add(weak);
            row.add(time.length == 0 ? null : time[time.length - 1] - time[0]);
            row.add(radon.getString(RadonIndexer.VELOCITY_UNITS, trace.rows()[0]));
            out.addRow(row.toArray());
        }
        return out.build();
    }

    /** The statistics of the non-NaN values (kept only where snr >= minSnr when snr is given). */
    static List<Object> stats(double[] values, double[] snr, double minSnr) {
        double[] kept = new double[values.length];
        int n = 0;
        int considered = 0;
        for (int i = 0; i < values.length; i++) {
            if (snr != null && !(snr[i] >= minSnr)) {
                continue; // a window without a believable angle (NaN snr) is not considered
            }
            considered++;
            if (!Double.isNaN(values[i])) {
                kept[n++] = values[i];
            }
        }
        double fracNan = considered == 0 ? Double.NaN : (double) (considered - n) / considered;
        if (n == 0) {
            return Arrays.asList(0, considered == 0 ? null : fracNan, null, null, null, null, null, null);
        }
        double[] x = Arrays.copyOf(kept, n);
        Arrays.sort(x);
        double sum = 0;
        for (double v : x) {
            sum += v;
        }
        double mean = sum / n;
        double squares = 0;
        for (double v : x) {
            squares += (v - mean) * (v - mean);
        }
        double std = Math.sqrt(squares / n);
        double median = n % 2 == 1 ? x[n / 2] : (x[n / 2 - 1] + x[n / 2]) / 2.0; // as numpy's median
        return Arrays.asList(n, fracNan, mean, median, std, mean == 0 ? null : std / Math.abs(mean),
                percentile(x, 0.05), percentile(x, 0.95));
    }

    /** numpy's default ('linear') percentile of sorted values, with its lerp. */
    static double percentile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        double t = pos - lo;
        double a = sorted[lo];
        double b = sorted[hi];
        double diff = b - a;
        return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
    }
}
