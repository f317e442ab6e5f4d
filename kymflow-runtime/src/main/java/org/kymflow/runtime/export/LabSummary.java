package org.kymflow.runtime.export;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.kymflow.api.Provenance;
import org.kymflow.api.Roi;
import org.kymflow.runtime.DatasetReader;
import org.kymflow.runtime.ImageMetadata;
import org.kymflow.runtime.ImageStaleness;
import org.kymflow.runtime.IndexPlan;
import org.kymflow.runtime.IndexerCatalog;
import org.kymflow.runtime.NamePolicy;
import org.kymflow.runtime.StalenessReason;
import org.kymflow.table.Column;
import org.kymflow.table.ColumnType;
import org.kymflow.table.Field;
import org.kymflow.table.Schema;
import org.kymflow.table.Table;

/**
 * The table a lab opens first: one row per image and ROI joining the {@code velocity_summary} analysis with
 * the source file name, acquisition time, ROI geometry and every experiment-metadata field of the sidecar.
 * Images without summary rows get one row saying why ({@code summary}: missing), so nothing silently drops
 * out; {@link #byImage} folds the ROIs of each image into one row.
 */
public final class LabSummary {
    /** The analysis whose table this joins (a built-in; named here, as the runtime does not load built-ins). */
    public static final String SUMMARY_INDEXER = "velocity_summary";
    /** The heart-rate analysis, whose estimate per ROI joins the summary when the dataset has its table. */
    public static final String HEART_RATE_INDEXER = "heart_rate";
    /** The diameter summary, whose rows per diameter ROI join the summary when the dataset has its table. */
    public static final String DIAMETER_INDEXER = "diameter_summary";
    /** The diameter summary's columns a lab reads, and their names in this table. */
    private static final Map<String, String> DIAMETER_COLUMNS = diameterColumns();

    private LabSummary() {
    }


    /**
     * The images whose summary is not up to date with the dataset's configuration (its inputs included: a
     * summary of a stale radon is stale), each with why.
     *
     * @param ds the dataset
     * @param catalog the analyses available (none: no image is judged stale)
     * @return image id to why, for the images whose summary is not up to date
     */
    public static Map<String, String> staleSummaries(DatasetReader ds, IndexerCatalog catalog) {
        return stale(ds, catalog, SUMMARY_INDEXER);
    }

    /**
     * The images whose heart rate is not up to date (a stale radon included), each with why.
     *
     * @param ds the dataset
     * @param catalog the analyses available (none: no image is judged stale)
     * @return image id to why, for the images whose heart rate is not up to date
     */
    public static Map<String, String> staleHeartRates(DatasetReader ds, IndexerCatalog catalog) {
        return ds.hasTable(NamePolicy.tableName(HEART_RATE_INDEXER)) ? stale(ds, catalog, HEART_RATE_INDEXER) : Map.of();
    }

    /**
     * The images whose diameter summary is not up to date (a stale diameter included), each with why.
     *
     * @param ds the dataset
     * @param catalog the analyses available (none: no image is judged stale)
     * @return image id to why, for the images whose diameter summary is not up to date
     */
    public static Map<String, String> staleDiameters(DatasetReader ds, IndexerCatalog catalog) {
        return ds.hasTable(NamePolicy.tableName(DIAMETER_INDEXER)) ? stale(ds, catalog, DIAMETER_INDEXER) : Map.of();
    }

    private static Map<String, String> diameterColumns() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String c : List.of("median_um", "mean_um", "std_um", "cv", "median_px", "frac_missing", "frac_flagged", "method")) {
            m.put(c, "diameter_" + c);
        }
        return m;
    }

    /**
     * Each image's heart rate per ROI, for plots: the refined estimate of each ROI whose heart_rate row says
     * ok, for the images whose heart rate is up to date (a stale one shows no number rather than an old one).
     *
     * @param ds the dataset
     * @param catalog the analyses available
     * @return image id to ROI id to bpm; empty when the dataset has no heart-rate table
     */
    public static Map<String, Map<Integer, Double>> heartRates(DatasetReader ds, IndexerCatalog catalog) {
        String table = NamePolicy.tableName(HEART_RATE_INDEXER);
        Map<String, Map<Integer, Double>> out = new LinkedHashMap<>();
        if (!ds.hasTable(table)) {
            return out;
        }
        Map<String, String> stale = stale(ds, catalog, HEART_RATE_INDEXER);
        Table rows = ds.tableRows(table, null, List.of(Provenance.IMAGE_ID, "roi_id", "refined_bpm", "status"), Long.MAX_VALUE);
        for (int r = 0; r < rows.rowCount(); r++) {
            String id = rows.getString(Provenance.IMAGE_ID, r);
            if (!stale.containsKey(id) && "ok".equals(rows.getString("status", r)) && !rows.isNull("refined_bpm", r)) {
                out.computeIfAbsent(id, k -> new TreeMap<>()).putIfAbsent(rows.getInt("roi_id", r), rows.getDouble("refined_bpm", r));
            }
        }
        return out;
    }

    private static Map<String, String> stale(DatasetReader ds, IndexerCatalog catalog, String indexer) {
        if (catalog.find(indexer).filter(org.kymflow.runtime.CatalogEntry::isLoaded).isEmpty()) {
            return Map.of();
        }
        List<org.kymflow.api.BaseIndexer> plan = IndexPlan.resolve(catalog, List.of(indexer),
                ds.config().overlaid(Map.of())).order();
        Map<String, String> out = new LinkedHashMap<>();
        for (ImageStaleness s : ds.staleness().staleness(plan, java.util.Set.of()).get(indexer)) {
            if (!s.isFresh()) {
                out.put(s.imageId(), s.reason() == StalenessReason.STALE_MISSING ? "missing" : "stale (" + s.reason() + ")");
            }
        }
        return out;
    }

    /**
     * One row per image and ROI (one per image, when it has no summary rows); stale images say so in the
     * {@code summary} column.
     *
     * @param ds the dataset
     * @param stale image id to why its summary is not up to date ({@link #staleSummaries})
     * @return the table, images in file order
     */
    public static Table byRoi(DatasetReader ds, Map<String, String> stale) {
        return byRoi(ds, stale, Map.of());
    }

    /**
     * {@link #byRoi(DatasetReader, Map)} with each ROI's heart rate, when the dataset has the heart-rate table:
     * {@code heart_rate_bpm} (the refined estimate), the two methods' and the status; an image whose heart rate
     * is stale has no numbers and its status says why.
     *
     * @param ds the dataset
     * @param stale image id to why its summary is not up to date ({@link #staleSummaries})
     * @param staleHeartRate image id to why its heart rate is not up to date ({@link #staleHeartRates})
     * @return the table, images in file order
     */
    public static Table byRoi(DatasetReader ds, Map<String, String> stale, Map<String, String> staleHeartRate) {
        return byRoi(ds, stale, staleHeartRate, Map.of());
    }

    /**
     * {@link #byRoi(DatasetReader, Map, Map)} with a row per diameter ROI when the dataset has the diameter
     * summary: its {@code kind} is {@code diameter}, its {@code diameter_} columns the summary's median, mean,
     * std and cv in um, the shares of lines unmeasured and flagged, and {@code diameter_status} ok, or why not.
     * An image whose ROIs are all diameter ROIs then has no velocity row: it has no velocity to summarise.
     *
     * @param ds the dataset
     * @param stale image id to why its summary is not up to date ({@link #staleSummaries})
     * @param staleHeartRate image id to why its heart rate is not up to date ({@link #staleHeartRates})
     * @param staleDiameter image id to why its diameter summary is not up to date ({@link #staleDiameters})
     * @return the table, images in file order
     */
    public static Table byRoi(DatasetReader ds, Map<String, String> stale, Map<String, String> staleHeartRate,
                              Map<String, String> staleDiameter) {
        String diameterTable = NamePolicy.tableName(DIAMETER_INDEXER);
        Table diameter = ds.hasTable(diameterTable) ? ds.table(diameterTable) : null;
        Map<String, int[]> diameterRowsOf = diameter == null ? Map.of() : org.kymflow.runtime.ImageNames.rowsByImage(diameter);
        String heartTable = NamePolicy.tableName(HEART_RATE_INDEXER);
        Table heart = ds.hasTable(heartTable) ? ds.table(heartTable) : null;
        Map<String, Integer> heartRow = new java.util.HashMap<>();
        for (int r = 0; heart != null && r < heart.rowCount(); r++) {
            heartRow.put(heart.getString(Provenance.IMAGE_ID, r) + "/" + heart.getInt("roi_id", r) + "/" + heart.getInt("channel", r), r);
        }
        String summaryTable = NamePolicy.tableName(SUMMARY_INDEXER);
        Table summary = ds.hasTable(summaryTable) ? ds.table(summaryTable) : null;
        Map<String, int[]> summaryRowsOf = summary == null ? Map.of() : org.kymflow.runtime.ImageNames.rowsByImage(summary);
        boolean labelled = ds.hasTable(org.kymflow.runtime.EventLabels.TABLE);
        // the events and their labels of every image with summary rows, read once (not once per image)
        Map<String, List<org.kymflow.runtime.EventLabels.Event>> eventsOf = labelled ? ds.events(summaryRowsOf.keySet()) : Map.of();
        Map<String, String> files = ds.fileNames();
        List<Map<String, Object>> rows = new ArrayList<>();
        TreeSet<String> experimentKeys = new TreeSet<>();
        for (String id : ds.imageIdsInFileOrder()) {
            Map<String, Object> payload = ds.metadata(id);
            Map<String, Object> header = ImageMetadata.header(payload);
            Map<String, Object> experiment = ImageMetadata.experiment(payload);
            experimentKeys.addAll(experiment.keySet());
            Map<Integer, Roi> rois = new TreeMap<>();
            Roi.parseAll(payload.get(org.kymflow.api.MetadataKeys.ROIS)).forEach(r -> rois.put(r.roiId(), r));
            int[] summaryRows = summaryRowsOf.get(id);
            Table mine = summaryRows == null ? null : summary.selectRows(summaryRows);
            int count = mine == null ? 0 : mine.rowCount();
            List<org.kymflow.runtime.EventLabels.Event> events = eventsOf.getOrDefault(id, List.of());
            boolean onlyDiameter = diameter != null && !rois.isEmpty() && rois.keySet().stream().allMatch(roiId -> isDiameterRoi(payload, roiId));
            for (int r = 0; r < (onlyDiameter && count == 0 ? 0 : Math.max(1, count)); r++) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put(Provenance.IMAGE_ID, id);
                row.put("file", files.get(id));
                Object acquired = header.get(org.kymflow.api.MetadataKeys.ACQUIRED_LOCAL_EPOCH_NS);
                row.put("acquired", acquired instanceof Number n ? ImageMetadata.acquiredIso(n.longValue()) : null);
                row.put("experiment", experiment);
                row.put("summary", count == 0 ? "missing (run: kymflow index DATASET velocity_summary)"
                        : stale.containsKey(id) ? stale.get(id) + " (run: kymflow index DATASET velocity_summary)" : "ok");
                if (count > 0) {
                    int roiId = mine.getInt("roi_id", r);
                    Roi roi = rois.get(roiId);
                    row.put("roi_x0", roi == null ? null : roi.x0());
                    row.put("roi_x1", roi == null ? null : roi.x1());
                    row.put("roi_y0", roi == null ? null : roi.y0());
                    row.put("roi_y1", roi == null ? null : roi.y1());
                    // the same ROI in physical units, where the header gives a scale (x is space, y is time)
                    java.util.Optional<org.kymflow.api.Scale> scale = org.kymflow.api.Scale.fromMetadata(payload);
                    if (roi != null && scale.isPresent()) {
                        row.put("roi_x0_um", roi.x0() * scale.get().delx());
                        row.put("roi_x1_um", roi.x1() * scale.get().delx());
                        row.put("roi_t0_s", roi.y0() * scale.get().delt());
                        row.put("roi_t1_s", roi.y1() * scale.get().delt());
                    }
                    for (int c = 0; c < mine.columnCount(); c++) {
                        String name = mine.schema().field(c).name();
                        if (!Provenance.COLUMNS.contains(name)) {
                            row.put(name, mine.get(name, r));
                        }
                    }
                    if (labelled) {
                        labelCounts(events, roiId, row);
                    }
                    Integer h = heart == null ? null : heartRow.get(id + "/" + roiId + "/" + mine.getInt("channel", r));
                    if (heart != null && staleHeartRate.containsKey(id)) {
                        row.put("heart_rate_status", staleHeartRate.get(id) + " (run: kymflow index DATASET heart_rate)");
                    } else if (h != null) {
                        row.put("heart_rate_bpm", heart.get("refined_bpm", h));
                        row.put("heart_rate_lomb_bpm", heart.get("lomb_bpm", h));
                        row.put("heart_rate_welch_bpm", heart.get("welch_bpm", h));
                        row.put("heart_rate_status", heart.get("status", h));
                    } else if (heart != null) {
                        row.put("heart_rate_status", "missing (run: kymflow index DATASET heart_rate)");
                    }
                }
                if (diameter != null) {
                    row.put("kind", count > 0 ? "velocity" : null);
                }
                rows.add(row);
            }
            if (diameter != null) {
                addDiameterRows(rows, id, files.get(id), header, experiment, payload, rois, diameter, diameterRowsOf.get(id), staleDiameter);
            }
        }
        return toTable(rows, experimentKeys, summary == null ? null : summary.schema(), heart != null, diameter != null, labelled);
    }

    /** The review's label columns of a summary row: counts of the ROI's events by label, as a person gave them. */
    static final List<String> LABEL_COLUMNS = List.of("events_true_stall", "events_reversal", "events_other", "events_rejected",
            "events_user_added", "labels_orphaned");

    private static void labelCounts(List<org.kymflow.runtime.EventLabels.Event> events, int roiId, Map<String, Object> row) {
        int[] n = new int[LABEL_COLUMNS.size()];
        for (org.kymflow.runtime.EventLabels.Event e : events) {
            if (e.roiId() != roiId) {
                continue;
            }
            if (e.orphaned()) {
                n[5]++;
                continue;
            }
            switch (e.userType()) {
                case "true_stall" -> n[0]++;
                case "reversal" -> n[1]++;
                case "other" -> n[2]++;
                default -> { }
            }
            n[3] += Boolean.FALSE.equals(e.accepted()) ? 1 : 0;
            n[4] += e.userAdded() ? 1 : 0;
        }
        for (int i = 0; i < n.length; i++) {
            row.put(LABEL_COLUMNS.get(i), n[i]);
        }
    }

    private static boolean isDiameterRoi(Map<String, Object> payload, int roiId) {
        return "diameter".equals(Roi.kindOf(payload.get(org.kymflow.api.MetadataKeys.ROIS), roiId));
    }

    /** One row per diameter ROI of the image: its summary, or why there is none. */
    private static void addDiameterRows(List<Map<String, Object>> rows, String id, String file, Map<String, Object> header,
                                        Map<String, Object> experiment, Map<String, Object> payload, Map<Integer, Roi> rois,
                                        Table diameter, int[] mine, Map<String, String> staleDiameter) {
        Map<Integer, Integer> rowOfRoi = new java.util.HashMap<>();
        for (int r : mine == null ? new int[0] : mine) {
            rowOfRoi.putIfAbsent(diameter.getInt("roi_id", r), r);
        }
        for (Roi roi : rois.values()) {
            if (!isDiameterRoi(payload, roi.roiId())) {
                continue;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put(Provenance.IMAGE_ID, id);
            row.put("file", file);
            Object acquired = header.get(org.kymflow.api.MetadataKeys.ACQUIRED_LOCAL_EPOCH_NS);
            row.put("acquired", acquired instanceof Number n ? ImageMetadata.acquiredIso(n.longValue()) : null);
            row.put("experiment", experiment);
            row.put("roi_id", roi.roiId());
            row.put("channel", roi.channel());
            row.put("roi_x0", roi.x0());
            row.put("roi_x1", roi.x1());
            row.put("roi_y0", roi.y0());
            row.put("roi_y1", roi.y1());
            org.kymflow.api.Scale.fromMetadata(payload).ifPresent(scale -> {
                row.put("roi_x0_um", roi.x0() * scale.delx());
                row.put("roi_x1_um", roi.x1() * scale.delx());
                row.put("roi_t0_s", roi.y0() * scale.delt());
                row.put("roi_t1_s", roi.y1() * scale.delt());
            });
            row.put("kind", "diameter");
            Integer r = rowOfRoi.get(roi.roiId());
            if (staleDiameter.containsKey(id)) {
                row.put("diameter_status", staleDiameter.get(id) + " (run: kymflow index DATASET diameter_summary)");
            } else if (r == null) {
                row.put("diameter_status", "missing (run: kymflow index DATASET diameter_summary)");
            } else {
                DIAMETER_COLUMNS.forEach((from, to) -> row.put(to, diameter.get(from, r)));
                row.put("diameter_status", "ok");
            }
            rows.add(row);
        }
    }

    /** Each image's row numbers in first-seen order, found in one pass (a filter per image reads the table once per image). */
    /**
     * The summary as a person reads it: the file first, then its metadata, the ROI (in pixels, and in um and
     * s where there is a scale), then the results. Metadata fields keep their type (numbers and booleans
     * stay numbers and booleans), and result columns that only repeat others (the {@code snr_} statistics
     * when {@code min_snr} keeps every window) are left out.
     */
    private static Table toTable(List<Map<String, Object>> rows, TreeSet<String> experimentKeys, Schema summarySchema,
                                 boolean heartRate, boolean diameter, boolean labelled) {
        List<Field> fields = new ArrayList<>(List.of(Field.of("file", ColumnType.STRING), Field.of(Provenance.IMAGE_ID, ColumnType.STRING),
                Field.of("acquired", ColumnType.STRING)));
        for (String key : experimentKeys) {
            fields.add(Field.of(key, experimentType(rows, key)));
        }
        if (summarySchema != null || diameter) {
            fields.add(Field.of("roi_id", ColumnType.INT));
            fields.add(Field.of("channel", ColumnType.INT));
            for (String geometry : List.of("roi_x0", "roi_x1", "roi_y0", "roi_y1")) {
                fields.add(Field.of(geometry, ColumnType.INT));
            }
            for (String physical : List.of("roi_x0_um", "roi_x1_um", "roi_t0_s", "roi_t1_s")) {
                fields.add(Field.of(physical, ColumnType.DOUBLE));
            }
        }
        if (diameter) {
            fields.add(Field.of("kind", ColumnType.STRING));
        }
        fields.add(Field.of("summary", ColumnType.STRING));
        if (summarySchema != null) {
            for (Field f : summarySchema.fields()) {
                if (!Provenance.COLUMNS.contains(f.name()) && !f.name().equals("roi_id") && !f.name().equals("channel")) {
                    fields.add(f.asNullable());
                }
            }
        }
        if (summarySchema != null && heartRate) {
            for (String bpm : List.of("heart_rate_bpm", "heart_rate_lomb_bpm", "heart_rate_welch_bpm")) {
                fields.add(Field.of(bpm, ColumnType.DOUBLE));
            }
            fields.add(Field.of("heart_rate_status", ColumnType.STRING));
        }
        if (labelled && summarySchema != null) {
            LABEL_COLUMNS.forEach(c -> fields.add(Field.of(c, ColumnType.INT)));
        }
        if (diameter) {
            DIAMETER_COLUMNS.forEach((from, to) -> fields.add(Field.of(to, from.equals("method") ? ColumnType.STRING : ColumnType.DOUBLE)));
            fields.add(Field.of("diameter_status", ColumnType.STRING));
        }
        Table.ColumnBuilder b = Table.columnBuilder();
        List<String> names = fields.stream().map(Field::name).toList();
        for (Field f : fields) {
            if (f.name().startsWith("snr_") && names.contains(f.name().substring(4)) && repeats(rows, f.name(), f.name().substring(4))) {
                continue;
            }
            Column.Builder c = new Column.Builder(f.type(), rows.size());
            for (Map<String, Object> row : rows) {
                Object v = experimentKeys.contains(f.name()) && !row.containsKey(f.name())
                        ? ((Map<?, ?>) row.get("experiment")).get(f.name()) : row.get(f.name());
                c.add(v == null ? null : f.type() == ColumnType.STRING ? v.toString()
                        : f.type() == ColumnType.DOUBLE && v instanceof Number n ? n.doubleValue()
                        : f.type() == ColumnType.LONG && v instanceof Number n ? n.longValue() : v);
            }
            b.add(f, c.build());
        }
        return b.build();
    }

    /** A metadata field's type: BOOLEAN, LONG or DOUBLE when every value given is one, else STRING. */
    private static ColumnType experimentType(List<Map<String, Object>> rows, String key) {
        boolean allBoolean = true;
        boolean allNumber = true;
        boolean allWhole = true;
        for (Map<String, Object> row : rows) {
            Object v = ((Map<?, ?>) row.get("experiment")).get(key);
            if (v != null) {
                allBoolean &= v instanceof Boolean;
                allNumber &= v instanceof Number;
                allWhole &= v instanceof Integer || v instanceof Long || v instanceof Short;
            }
        }
        return allBoolean ? ColumnType.BOOLEAN : allWhole ? ColumnType.LONG : allNumber ? ColumnType.DOUBLE : ColumnType.STRING;
    }

    /** Whether a column holds exactly the values of another in every row (NaN equal to NaN). */
    private static boolean repeats(List<Map<String, Object>> rows, String column, String original) {
        for (Map<String, Object> row : rows) {
            if (!java.util.Objects.equals(row.get(column), row.get(original))) {
                return false;
            }
        }
        return true;
    }

    /**
     * One row per image: its ROI count, the sum over its ROIs of every count (windows, valid windows, events:
     * whole numbers), and the mean over its ROIs of every other numeric summary column.
     *
     * @param perRoi the table of {@link #byRoi}
     * @return one row per image
     */
    public static Table byImage(Table perRoi) {
        Map<String, int[]> rowsOf = org.kymflow.runtime.ImageNames.rowsByImage(perRoi);
        List<Field> fields = new ArrayList<>();
        for (Field f : perRoi.schema().fields()) {
            if (!f.name().startsWith("roi_") && !f.name().equals("channel")) {
                fields.add(f.asNullable());
            }
        }
        fields.add(3, Field.of("n_rois", ColumnType.INT));
        Table.ColumnBuilder b = Table.columnBuilder();
        for (Field f : fields) {
            Column.Builder c = new Column.Builder(f.type(), rowsOf.size());
            for (int[] rows : rowsOf.values()) {
                int first = rows[0];
                if (f.name().equals("n_rois")) {
                    c.add(perRoi.hasColumn("roi_id") ? (int) java.util.Arrays.stream(rows).filter(r -> !perRoi.isNull("roi_id", r)).count() : 0);
                } else if (f.type() == ColumnType.DOUBLE || f.type() == ColumnType.INT || f.type() == ColumnType.LONG) {
                    boolean metadata = perRoiIsConstant(perRoi, f.name(), rows); // an image's metadata is the same in each row
                    double sum = 0;
                    int n = 0;
                    for (int r : rows) {
                        if (!perRoi.isNull(f.name(), r)) {
                            sum += ((Number) perRoi.get(f.name(), r)).doubleValue();
                            n++;
                        }
                    }
                    boolean count = f.name().startsWith("n_") || f.name().endsWith("_n_valid");
                    if (!count && (metadata || f.type() != ColumnType.DOUBLE)) {
                        c.add(perRoi.get(f.name(), first)); // the image's own value (metadata), the same in each of its rows
                    } else if (f.type() == ColumnType.DOUBLE) {
                        c.add(n == 0 ? null : sum / n);
                    } else {
                        c.add(n == 0 ? null : f.type() == ColumnType.INT ? (Object) (int) sum : (Object) (long) sum);
                    }
                } else {
                    c.add(perRoi.get(f.name(), first));
                }
            }
            b.add(f, c.build());
        }
        return b.build();
    }

    private static boolean perRoiIsConstant(Table t, String column, int[] rows) {
        for (int r : rows) {
            if (!java.util.Objects.equals(t.get(column, r), t.get(column, rows[0]))) {
                return false;
            }
        }
        return true;
    }
}
