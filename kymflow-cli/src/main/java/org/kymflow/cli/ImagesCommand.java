package org.kymflow.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.kymflow.api.Roi;
import org.kymflow.api.Scale;
import org.kymflow.table.PythonJson;
import org.kymflow.table.Table;
import org.kymflow.table.TableCsv;
import org.kymflow.zarr.ZarrDataset;
import org.kymflow.zarr.ZarrImageRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** One line per image, with the names people know: source file, acquisition time, scale, ROIs, experiment fields. */
@Command(name = "images",
        description = "List the images: id, source file, acquired time, shape, dtype, scale, ROIs, experiment metadata.")
final class ImagesCommand extends DatasetCommand {
    @Option(names = "--json", description = "print JSON (times in epoch nanoseconds as well)")
    boolean json;

    @Option(names = "--csv", description = "print CSV, one column per experiment metadata field")
    boolean csv;

    @Option(names = "--wide", description = "all columns and whole ids (default: what fits 80 columns)")
    boolean wide;

    @Override
    public Integer call() {
        List<Map<String, Object>> rows = new ArrayList<>();
        TreeSet<String> experimentKeys = new TreeSet<>();
        Map<String, String> unreadable = new java.util.TreeMap<>();
        try (ZarrDataset ds = openReadOnly()) {
            Map<String, String> files = ImageNames.fileNames(ds);
            for (String id : ImageNames.inFileOrder(ds.listImageIds(), files)) {
                try {
                    rows.add(row(ds, id, files, experimentKeys));
                } catch (org.kymflow.zarr.ZarrException | IllegalArgumentException e) {
                    // one unreadable image is reported; the others are still listed
                    unreadable.put(ImageNames.label(files, id), e.getMessage());
                }
            }
        }
        PrintWriter out = out();
        print(out, rows, experimentKeys);
        unreadable.forEach((label, why) -> err().println("unreadable: " + label + ": " + why));
        return unreadable.isEmpty() ? 0 : 1;
    }

    /** One image's row: its file, acquisition time, shape, scale, ROI count and experiment fields. */
    private static Map<String, Object> row(ZarrDataset ds, String id, Map<String, String> files, TreeSet<String> experimentKeys) {
        ZarrImageRecord rec = ds.record(id);
        Map<String, Object> payload = ImageMetadata.payload(rec);
        Map<String, Object> header = ImageMetadata.header(payload);
        Map<String, Object> experiment = ImageMetadata.experiment(payload);
        experimentKeys.addAll(experiment.keySet());
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("image_id", id);
        row.put("file", files.get(id));
        Object acquired = header.get(org.kymflow.api.MetadataKeys.ACQUIRED_LOCAL_EPOCH_NS);
        row.put("acquired", acquired instanceof Number n ? iso(n.longValue()) : null);
        row.put("acquired_local_epoch_ns", acquired instanceof Number n ? n.longValue() : null);
        row.put("shape", Arrays.toString(rec.arrayInfo().shape()));
        row.put("dtype", rec.arrayInfo().dtype().numpyName());
        Optional<Scale> scale = Scale.fromMetadata(payload);
        row.put("delx_um", scale.map(Scale::delx).orElse(null));
        row.put("delt_s", scale.map(Scale::delt).orElse(null));
        row.put("rois", Roi.parseAll(payload.get(org.kymflow.api.MetadataKeys.ROIS)).size());
        row.put("experiment", experiment);
        return row;
    }

    private void print(PrintWriter out, List<Map<String, Object>> rows, TreeSet<String> experimentKeys) {
        if (json) {
            out.println(PythonJson.indented(rows, 2, false, false));
        } else if (csv) {
            TableCsv.write(SpreadsheetCells.withoutFormulas(asTable(rows, experimentKeys)), out);
        } else {
            // fits 80 columns: ids shortened to a prefix that still resolves, the scale and time compact
            Table.RowBuilder t = TerminalTable.textTable("image_id", "file", "acquired", "shape", "um/px", "ms/line", "rois", "dtype");
            for (Map<String, Object> r : rows) {
                String acquired = r.get("acquired") == null ? "-" : r.get("acquired").toString(); // ISO 8601, to the second here
                t.addRow(r.get("image_id"), orDash(r.get("file")), acquired.length() > 19 ? acquired.substring(0, 19) : acquired,
                        String.valueOf(r.get("shape")).replaceAll("[\\[\\] ]", "").replace(",", "x"),
                        r.get("delx_um") == null ? "none" : String.format("%.3g", (Double) r.get("delx_um")),
                        r.get("delt_s") == null ? "none" : String.format("%.3g", (Double) r.get("delt_s") * 1000),
                        String.valueOf(r.get("rois")), String.valueOf(r.get("dtype")));
            }
            out.print(TerminalTable.format(t.build(), rows.size(), wide));
            if (rows.stream().anyMatch(r -> r.get("delx_um") == null)) {
                out.println("images without a scale have velocities in pixels/line");
            }
        }
    }

    private static String orDash(Object o) {
        return o == null ? "-" : o.toString();
    }

    /** The acquisition time as the microscope's local clock read it (stored as if UTC, as Python stores it). */
    static String iso(long localEpochNs) {
        LocalDateTime t = LocalDateTime.ofInstant(Instant.ofEpochSecond(0, localEpochNs), ZoneOffset.UTC);
        return t.withNano(t.getNano() / 1_000_000 * 1_000_000).toString();
    }

    private static Table asTable(List<Map<String, Object>> rows, TreeSet<String> experimentKeys) {
        Table.ColumnBuilder b = Table.columnBuilder();
        String[] strings = {"image_id", "file", "acquired", "shape", "dtype"};
        for (String key : strings) {
            b.addStrings(key, rows.stream().map(r -> r.get(key) == null ? null : r.get(key).toString()).toArray(String[]::new));
        }
        b.add(org.kymflow.table.Field.of("delx_um", org.kymflow.table.ColumnType.DOUBLE), column(rows, "delx_um"));
        b.add(org.kymflow.table.Field.of("delt_s", org.kymflow.table.ColumnType.DOUBLE), column(rows, "delt_s"));
        b.addInts("rois", rows.stream().mapToInt(r -> (Integer) r.get("rois")).toArray());
        for (String key : experimentKeys) {
            b.addStrings(key, rows.stream().map(r -> {
                Object v = ((Map<?, ?>) r.get("experiment")).get(key);
                return v == null ? null : v.toString();
            }).toArray(String[]::new));
        }
        return b.build();
    }

    private static org.kymflow.table.Column column(List<Map<String, Object>> rows, String key) {
        org.kymflow.table.Column.Builder c = new org.kymflow.table.Column.Builder(org.kymflow.table.ColumnType.DOUBLE, rows.size());
        rows.forEach(r -> c.add(r.get(key)));
        return c.build();
    }
}
