package org.kymflow.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.kymflow.table.ColumnType;
import org.kymflow.table.Field;
import org.kymflow.table.PythonJson;
import org.kymflow.table.Schema;
import org.kymflow.table.Table;
import org.kymflow.zarr.ZarrDataset;
import org.kymflow.zarr.ZarrDatasetReader;

/**
 * The dataset's provenance log, {@code tables/sys_runs.parquet}: one row per indexer run, finished or
 * failed (DESIGN 4.8). Small (a row a run), so it is read, appended to and written whole.
 */
public final class RunLog {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RunLog.class);
    /** The table's name; the {@code sys_} prefix is reserved, so no indexer can write it. */
    public static final String TABLE = "sys_runs";
    static final Schema SCHEMA = Schema.of(
            Field.required("run_id", ColumnType.STRING), Field.required("indexer", ColumnType.STRING),
            Field.required("table", ColumnType.STRING), Field.required("mode", ColumnType.STRING),
            Field.required("status", ColumnType.STRING), Field.required("analysis_version", ColumnType.STRING),
            Field.required("params_json", ColumnType.STRING), Field.required("origin", ColumnType.STRING),
            Field.of("jar_sha256", ColumnType.STRING), Field.required("engine", ColumnType.STRING),
            Field.required("images", ColumnType.INT), Field.required("computed", ColumnType.INT),
            Field.required("skipped_fresh", ColumnType.INT), Field.required("skipped_zero_rows", ColumnType.INT),
            Field.required("failed", ColumnType.INT), Field.required("dropped", ColumnType.INT),
            Field.required("rows", ColumnType.LONG), Field.required("started_utc_epoch_ns", ColumnType.LONG),
            Field.required("finished_utc_epoch_ns", ColumnType.LONG), Field.required("seconds", ColumnType.DOUBLE),
            Field.required("kymflow_version", ColumnType.STRING), Field.of("error", ColumnType.STRING));

    private RunLog() {
    }

    /** @return the version of this library, from its JAR's manifest ("dev" when run from classes) */
    public static String kymflowVersion() {
        String v = RunLog.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /**
     * Writes one run's row, replacing the row the same run wrote at an earlier commit: each commit of a run
     * is logged as it happens, and its end gives the final status.
     */
    static void append(ZarrDataset dataset, IndexReport report, IndexOptions options, String engine, long startedNs,
                       long finishedNs, String error) {
        Table row = Table.builder(SCHEMA).addRow(report.runId(), report.indexer(), report.table(),
                report.mode().name().toLowerCase(java.util.Locale.ROOT), report.status().wireName(), report.analysisVersion(),
                PythonJson.canonical(options.origin().params()), options.origin().origin(), options.origin().jarSha256(), engine,
                report.images(), report.computed(), report.skippedFresh(), report.skippedZeroRows(), report.failed().size(),
                report.droppedImages(), report.rowsWritten(), startedNs, finishedNs, (finishedNs - startedNs) / 1e9,
                kymflowVersion(), error).build();
        List<Table> parts = new ArrayList<>();
        if (dataset.hasTable(TABLE) && setAsideIfUnreadable(dataset)) {
            Table before = dataset.loadTable(TABLE);
            List<Integer> others = new ArrayList<>();
            for (int r = 0; r < before.rowCount(); r++) {
                if (!report.runId().equals(before.getString("run_id", r))) {
                    others.add(r);
                }
            }
            parts.add(others.size() == before.rowCount() ? before
                    : before.selectRows(others.stream().mapToInt(Integer::intValue).toArray()));
        }
        parts.add(row);
        dataset.saveTable(TABLE, Table.concat(parts));
    }

    /**
     * A log that cannot be read must not block every run: it is renamed (kept, out of the tables' way, for
     * whoever wants to recover it) and a new log starts with this run.
     *
     * @return whether the log is readable (false: it was set aside)
     */
    private static boolean setAsideIfUnreadable(ZarrDataset dataset) {
        try {
            dataset.describeTable(TABLE);
            return true;
        } catch (org.kymflow.zarr.ZarrException e) {
            String aside = dataset.setTableAside(TABLE, "unreadable");
            LOG.warn("the run log was unreadable ({}); kept as {}, and a new log starts with this run", e.getMessage(), aside);
            return false;
        }
    }

    /**
     * @param dataset the dataset
     * @return every run, newest first (empty when no run was logged)
     */
    public static List<Map<String, Object>> read(ZarrDatasetReader dataset) {
        return newestFirst(dataset, TABLE);
    }

    /**
     * @param dataset the dataset
     * @param table a log table, appended to in time order (this one, or {@link EditLog#TABLE})
     * @return its rows, newest first (empty when there is no such table)
     */
    static List<Map<String, Object>> newestFirst(ZarrDatasetReader dataset, String table) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (!dataset.hasTable(table)) {
            return out;
        }
        Table t = dataset.loadTable(table);
        for (int r = t.rowCount() - 1; r >= 0; r--) {
            out.add(t.row(r));
        }
        return out;
    }
}
