package org.kymflow.runtime.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.kymflow.api.Provenance;
import org.kymflow.runtime.DatasetReader;
import org.kymflow.runtime.SourceFiles;
import org.kymflow.runtime.ingest.TiffFiles;
import org.kymflow.table.PythonJson;
import org.kymflow.table.Table;
import org.kymflow.table.TableCsv;
import org.kymflow.zarr.NdArray;
import org.kymflow.zarr.ZarrException;
import org.kymflow.zarr.ZarrImageReader;

/**
 * Writes a dataset out in the Python package's {@code export_legacy_folder} layout:
 * <pre>
 * DIR/images/&lt;image_id&gt;/image.tif        the stored pixels, same dtype and shape (one page per 2-D plane)
 * DIR/images/&lt;image_id&gt;/metadata.json    the metadata payload
 * DIR/images/&lt;image_id&gt;/&lt;name&gt;.csv       per-image tables (Parquet and CSV artifacts)
 * DIR/images/&lt;image_id&gt;/&lt;name&gt;.json      other JSON artifacts
 * DIR/tables/&lt;name&gt;.csv                  dataset tables, header row and every row
 * </pre>
 */
public final class Export {
    /**
     * What was written.
     *
     * @param images images exported
     * @param files files written
     * @param skippedTables tables left out because they could not be read, each naming the file and the cause
     */
    public record Result(int images, int files, List<String> skippedTables) {
    }

    /**
     * @param dataset the dataset (any mode)
     * @param dir the output folder (created)
     * @return counts
     * @throws IOException when a file cannot be written
     */
    public static Result export(DatasetReader dataset, Path dir) throws IOException {
        return export(dataset, dir, java.util.Set.of());
    }

    /**
     * Exports some images (and every dataset table, restricted to those images' rows).
     *
     * @param dataset the dataset
     * @param dir the output folder
     * @param only the images to export; empty for all
     * @return what was written
     * @throws IOException when a file cannot be written
     */
    public static Result export(DatasetReader dataset, Path dir, java.util.Set<String> only) throws IOException {
        return export(dataset, dir, only, List.of());
    }

    /**
     * Exports some images, and every dataset table as CSV and in each extra format beside it (for example
     * Arrow IPC files, {@code tables/<name>.arrow}, from the optional kymflow-arrow module).
     *
     * @param dataset the dataset
     * @param dir the output folder
     * @param only the images to export; empty for all
     * @param extraFormats further files to write per dataset table
     * @return what was written
     * @throws IOException when a file cannot be written
     */
    public static Result export(DatasetReader dataset, Path dir, java.util.Set<String> only, List<TableFormat> extraFormats)
            throws IOException {
        int files = 0;
        List<String> ids = only.isEmpty() ? dataset.imageIds() : dataset.imageIds().stream().filter(only::contains).toList();
        for (String id : ids) {
            ZarrImageReader rec = dataset.storage().record(id);
            Path out = dir.resolve("images").resolve(id);
            Files.createDirectories(out);
            TiffFiles.write(rec.loadArray(), out.resolve("image.tif"));
            files++;
            java.util.Set<String> jsonWritten = new java.util.HashSet<>();
            for (String key : rec.listAnalysisKeys()) {
                Path target = null;
                if (key.endsWith(".parquet")) {
                    target = out.resolve(key.substring(0, key.length() - ".parquet".length()) + ".csv");
                    writeCsv(rec.loadTableArtifact(key.substring(0, key.length() - ".parquet".length())), target);
                } else if (key.endsWith(".csv.gz")) {
                    target = out.resolve(key.substring(0, key.length() - ".csv.gz".length()) + ".csv");
                    writeCsv(rec.loadCsvGz(key.substring(0, key.length() - ".csv.gz".length())), target);
                } else if ((key.endsWith(".json") || key.endsWith(".json.gz"))
                        && jsonWritten.add(key.substring(0, key.indexOf(".json")))) { // name.json wins over a legacy name.json.gz
                    String name = key.substring(0, key.indexOf(".json"));
                    target = out.resolve(name + ".json");
                    Files.createDirectories(target.getParent());
                    Files.writeString(target, PythonJson.indented(rec.loadJson(name), 2, false, true), StandardCharsets.UTF_8);
                }
                files += target == null ? 0 : 1;
            }
            if (!jsonWritten.contains("metadata")) {
                // no payload: write an empty one so every exported image has a metadata.json
                Files.writeString(out.resolve("metadata.json"), "{}");
                files++;
            }
        }
        writeIndex(dataset, ids, dir.resolve(INDEX_FILE));
        files++;
        List<String> skipped = new ArrayList<>();
        for (String name : dataset.tableNames()) {
            Path csv = dir.resolve("tables").resolve(name + ".csv");
            try {
                writeTableCsv(dataset, name, csv, only);
            } catch (ZarrException e) {
                // one unreadable table is left out and named; the rest of the export goes on
                Files.deleteIfExists(csv);
                skipped.add(e.getMessage());
                continue;
            }
            files++;
            for (TableFormat format : extraFormats) {
                format.write(dataset, name, dir.resolve("tables").resolve(name + "." + format.extension()), only);
                files++;
            }
        }
        if (dataset.hasTable(org.kymflow.runtime.EventLabels.EVENTS_TABLE) || dataset.hasTable(org.kymflow.runtime.EventLabels.TABLE)) {
            writeReviewedEvents(dataset, ids, dir.resolve("tables").resolve(REVIEWED_EVENTS));
            files++;
        }
        return new Result(ids.size(), files, skipped);
    }

    /** The velocity events with what a person said of them, in the Python app's column names. */
    static final String REVIEWED_EVENTS = "velocity_events_reviewed.csv";

    /**
     * Every exported image's velocity events (detected, added, and orphaned labels) with their labels:
     * {@code image_id, file, roi_id, channel, event_id, event_type, t_start_s, t_end_s, user_type, note,
     * accepted, user_added, orphaned}.
     */
    private static void writeReviewedEvents(DatasetReader dataset, List<String> ids, Path target) throws IOException {
        java.util.Map<String, String> files = dataset.fileNames();
        Table.RowBuilder rows = Table.builder(org.kymflow.table.Schema.of(
                org.kymflow.table.Field.required(Provenance.IMAGE_ID, org.kymflow.table.ColumnType.STRING),
                org.kymflow.table.Field.of("file", org.kymflow.table.ColumnType.STRING),
                org.kymflow.table.Field.required("roi_id", org.kymflow.table.ColumnType.INT),
                org.kymflow.table.Field.required("channel", org.kymflow.table.ColumnType.INT),
                org.kymflow.table.Field.required("event_id", org.kymflow.table.ColumnType.STRING),
                org.kymflow.table.Field.required("event_type", org.kymflow.table.ColumnType.STRING),
                org.kymflow.table.Field.required("t_start_s", org.kymflow.table.ColumnType.DOUBLE),
                org.kymflow.table.Field.of("t_end_s", org.kymflow.table.ColumnType.DOUBLE),
                org.kymflow.table.Field.required("user_type", org.kymflow.table.ColumnType.STRING),
                org.kymflow.table.Field.required("note", org.kymflow.table.ColumnType.STRING),
                org.kymflow.table.Field.of("accepted", org.kymflow.table.ColumnType.BOOLEAN),
                org.kymflow.table.Field.required("user_added", org.kymflow.table.ColumnType.BOOLEAN),
                org.kymflow.table.Field.required("orphaned", org.kymflow.table.ColumnType.BOOLEAN)));
        java.util.Map<String, List<org.kymflow.runtime.EventLabels.Event>> eventsOf = dataset.events(ids);
        for (String id : org.kymflow.runtime.ImageNames.inFileOrder(ids, files)) {
            for (org.kymflow.runtime.EventLabels.Event e : eventsOf.get(id)) {
                rows.addRow(id, files.get(id), e.roiId(), e.channel(), e.eventId(), e.eventType(), e.tStartS(), e.tEndS(), e.userType(),
                        e.note(), e.accepted(), e.userAdded(), e.orphaned());
            }
        }
        writeCsv(rows.build(), target);
    }

    /** The export's index beside Python's layout: which folder under {@code images/} is which source file. */
    static final String INDEX_FILE = "images.csv";

    /**
     * Writes the index of the exported images: {@code image_id, file, source_path, folder}, in file order,
     * so that a person finds a file's folder without reading UUIDs.
     */
    private static void writeIndex(DatasetReader dataset, List<String> ids, Path target) throws IOException {
        java.util.Map<String, String> paths = new java.util.HashMap<>();
        org.kymflow.runtime.SourceFiles.pathsAndIds(dataset.storage()).ifPresent(t -> {
            for (int r = 0; r < t.rowCount(); r++) {
                paths.put(t.getString(org.kymflow.runtime.SourceFiles.IMAGE_ID, r), t.getString(org.kymflow.runtime.SourceFiles.PATH, r));
            }
        });
        java.util.Map<String, String> files = dataset.fileNames();
        Table.RowBuilder rows = Table.builder(org.kymflow.table.Schema.of(
                org.kymflow.table.Field.required(Provenance.IMAGE_ID, org.kymflow.table.ColumnType.STRING),
                org.kymflow.table.Field.of("file", org.kymflow.table.ColumnType.STRING),
                org.kymflow.table.Field.of("source_path", org.kymflow.table.ColumnType.STRING),
                org.kymflow.table.Field.required("folder", org.kymflow.table.ColumnType.STRING)));
        for (String id : org.kymflow.runtime.ImageNames.inFileOrder(ids, files)) {
            rows.addRow(id, files.get(id), paths.get(id), "images/" + id);
        }
        writeCsv(rows.build(), target);
    }

    /** A dataset table as CSV, one row group at a time: memory does not grow with the table. */
    private static void writeTableCsv(DatasetReader dataset, String name, Path target, java.util.Set<String> only) throws IOException {
        Files.createDirectories(target.getParent());
        org.kymflow.table.Schema schema = dataset.tableSchema(name);
        boolean filter = !only.isEmpty() && schema.contains(Provenance.IMAGE_ID);
        try (Writer w = Files.newBufferedWriter(target, StandardCharsets.UTF_8)) {
            TableCsv.writeHeader(schema, w);
            dataset.scanTable(name, rows -> TableCsv.writeRows(filter ? rows.filterByString(Provenance.IMAGE_ID, only::contains) : rows, w));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static void writeCsv(Table table, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        try (Writer w = Files.newBufferedWriter(target, StandardCharsets.UTF_8)) {
            TableCsv.write(table, w);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * A further file format for the dataset tables, written beside each table's CSV.
     */
    public interface TableFormat {
        /** @return the file extension, without its dot (e.g. {@code arrow}) */
        String extension();

        /**
         * Writes one dataset table.
         *
         * @param dataset the dataset
         * @param table the table name
         * @param target the file to write
         * @param only the images whose rows to keep (empty: every row)
         * @throws IOException when the file cannot be written
         */
        void write(DatasetReader dataset, String table, Path target, java.util.Set<String> only) throws IOException;
    }

    private Export() {
    }
}
