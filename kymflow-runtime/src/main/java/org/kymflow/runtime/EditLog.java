package org.kymflow.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.kymflow.api.Provenance;
import org.kymflow.table.ColumnType;
import org.kymflow.table.Field;
import org.kymflow.table.PythonJson;
import org.kymflow.table.Schema;
import org.kymflow.table.Table;
import org.kymflow.zarr.ZarrDataset;
import org.kymflow.zarr.ZarrDatasetReader;
import org.kymflow.zarr.ZarrException;

/**
 * The dataset's log of edits, {@code tables/sys_edits.parquet}, beside the run log: one row per edit made
 * through the library (an image's ROIs or experiment metadata, an analysis's params), saying what, which
 * image, when, and the new value. Small, so it is read, appended to and written whole, atomically. A row is
 * written after its edit: a process killed between the two leaves an edit without its row, never a row for
 * an edit that did not happen.
 */
public final class EditLog {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EditLog.class);
    /** The table's name; the {@code sys_} prefix is reserved, so no indexer can write it. */
    public static final String TABLE = "sys_edits";
    static final Schema SCHEMA = Schema.of(
            Field.required("edit_id", ColumnType.STRING), Field.required("what", ColumnType.STRING),
            Field.of(Provenance.IMAGE_ID, ColumnType.STRING), Field.required("value_json", ColumnType.STRING),
            Field.required("utc_epoch_ns", ColumnType.LONG), Field.required("kymflow_version", ColumnType.STRING));

    private EditLog() {
    }

    /**
     * Appends one edit.
     *
     * @param dataset the dataset, open for writing
     * @param what what was edited: {@code rois}, {@code experiment_metadata}, or {@code params:NAME}
     * @param imageId the image, or null for a dataset-wide edit
     * @param value the new value
     */
    static void append(ZarrDataset dataset, String what, String imageId, Object value) {
        java.time.Instant at = java.time.Instant.now(); // one reading: seconds and nanos of two could be a second apart
        long now = at.getEpochSecond() * 1_000_000_000L + at.getNano();
        Table row = Table.builder(SCHEMA).addRow(UUID.randomUUID().toString(), what, imageId, PythonJson.canonical(value), now,
                RunLog.kymflowVersion()).build();
        List<Table> parts = new ArrayList<>();
        if (dataset.hasTable(TABLE)) {
            try {
                parts.add(dataset.loadTable(TABLE));
            } catch (ZarrException e) {
                String aside = dataset.setTableAside(TABLE, "unreadable");
                LOG.warn("the edit log was unreadable ({}); kept as {}, and a new log starts with this edit", e.getMessage(), aside);
            }
        }
        parts.add(row);
        dataset.saveTable(TABLE, Table.concat(parts));
    }

    /**
     * @param dataset the dataset
     * @return every edit, newest first (empty when none was logged)
     */
    public static List<Map<String, Object>> read(ZarrDatasetReader dataset) {
        return RunLog.newestFirst(dataset, TABLE);
    }
}
