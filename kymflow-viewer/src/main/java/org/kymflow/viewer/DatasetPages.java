package org.kymflow.viewer;

import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.kymflow.api.BaseIndexer;
import org.kymflow.api.Provenance;
import org.kymflow.api.Roi;
import org.kymflow.api.Scale;
import org.kymflow.runtime.AnalysisConfig;
import org.kymflow.runtime.ImageMetadata;
import org.kymflow.runtime.ImageStaleness;
import org.kymflow.runtime.NamePolicy;
import org.kymflow.runtime.SourceFiles;
import org.kymflow.runtime.Staleness;
import org.kymflow.table.Schema;
import org.kymflow.table.Table;
import org.kymflow.table.TableCsv;
import org.kymflow.zarr.ImageRows;
import org.kymflow.zarr.ZarrDatasetReader;
import org.kymflow.zarr.ZarrException;
import org.kymflow.zarr.ZarrImageReader;

/**
 * What the JSON API answers, built from an open (read-only) dataset: the dataset page's rows, one image's
 * description, its velocity traces and events, and its rows of a table as CSV. Plain maps and lists, so
 * that the HTTP layer only serialises them.
 *
 * <p>The traces, events and summary come from the built-in analyses' tables ({@code radon},
 * {@code velocity_events}, {@code velocity_summary}) by their documented column names; a dataset without
 * them still lists and draws its images, and says which analyses are missing.
 */
final class DatasetPages {
    static final String RADON = "radon";
    static final String EVENTS = "velocity_events";
    static final String HEART_RATE = "heart_rate";
    static final String SUMMARY = "velocity_summary";

    /** The stamp columns a table's per-image index keeps: what an analysis's rows were made with. */
    private static final List<String> STAMPS = List.of(Provenance.ANALYSIS_VERSION, Provenance.PARAMS_HASH);

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DatasetPages.class);
    private final java.util.function.Function<AnalysisConfig, List<BaseIndexer>> planner;
    private final Map<String, ImageRow> rows = new java.util.concurrent.ConcurrentHashMap<>();
    private AnalysisConfig plannedWith; // guarded by this
    private List<BaseIndexer> plan; // guarded by this

    /**
     * @param planner the analyses whose fresh/stale state is shown, inputs first, resolved with the dataset's
     *     analysis configuration (as {@code kymflow status} would check them); asked again when the
     *     configuration changes
     */
    DatasetPages(java.util.function.Function<AnalysisConfig, List<BaseIndexer>> planner) {
        this.planner = planner;
    }

    /** The plan for the dataset's configuration now: a param set since (by the CLI, say) is seen at once. */
    private synchronized List<BaseIndexer> plan(ZarrDatasetReader ds) {
        AnalysisConfig config = AnalysisConfig.load(ds);
        if (!config.equals(plannedWith)) {
            plan = List.copyOf(planner.apply(config));
            plannedWith = config;
            rows.clear(); // states judged with other params
        }
        return plan;
    }

    /**
     * @param ds the dataset
     * @param location the dataset's folder, for its name
     * @param tokens image id to the change token of its files ({@link ZarrDatasetReader#imageChangeTokens})
     * @return the dataset page: name, analyses, one row per image
     */
    Map<String, Object> datasetPage(ZarrDatasetReader ds, Path location, Map<String, String> tokens) {
        List<String> ids = ds.listImageIds();
        List<BaseIndexer> plan = plan(ds);
        // What each image's row depends on: its own files, and its rows in the analyses' tables. Images whose
        // key did not change since the last page keep their row; only the others are read and checked again.
        List<Map<String, ImageRows>> indexes = new ArrayList<>();
        for (BaseIndexer indexer : plan) {
            String table = NamePolicy.tableName(indexer.name());
            indexes.add(readableIndex(ds, table)); // an unreadable table shows as such in each image's state
        }
        Map<String, String> keys = new HashMap<>();
        List<String> changed = new ArrayList<>();
        for (String id : ids) {
            StringBuilder key = new StringBuilder(String.valueOf(tokens.get(id)));
            indexes.forEach(index -> key.append('|').append(index.get(id)));
            keys.put(id, key.toString());
            ImageRow last = rows.get(id);
            if (last == null || !last.key().equals(key.toString())) {
                changed.add(id);
            }
        }
        if (!changed.isEmpty()) {
            Map<String, Map<String, Object>> facts = imageFacts(ds, changed);
            Map<String, Map<String, String>> states = new HashMap<>();
            new Staleness(ds).staleness(plan, new HashSet<>(changed)).forEach((name, list) -> list.forEach(s ->
                    states.computeIfAbsent(s.imageId(), k -> new LinkedHashMap<>()).put(name, stateWord(s))));
            for (String id : changed) {
                rows.put(id, new ImageRow(keys.get(id), facts.get(id), states.getOrDefault(id, Map.of())));
            }
        }
        rows.keySet().retainAll(new HashSet<>(ids));
        Map<String, String> files = SourceFiles.fileNames(ds);
        Map<String, List<Map<String, Object>>> summaries = summaries(ds);
        List<Map<String, Object>> out = new ArrayList<>(ids.size());
        for (String id : ids) {
            ImageRow r = rows.get(id);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put(Provenance.IMAGE_ID, id);
            row.put("file", files.get(id));
            row.putAll(r.facts());
            row.put("state", r.states());
            row.put("summary", summaries.getOrDefault(id, List.of()));
            out.add(row);
        }
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("dataset", location.getFileName().toString());
        page.put("analyses", plan.stream().map(BaseIndexer::name).toList());
        page.put("images", out);
        return page;
    }

    /** Per image: acquisition time, shape and number of ROIs, read from its own files. */
    private static Map<String, Map<String, Object>> imageFacts(ZarrDatasetReader ds, List<String> ids) {
        Map<String, Map<String, Object>> out = new java.util.concurrent.ConcurrentHashMap<>();
        ids.parallelStream().forEach(id -> {
            Map<String, Object> row = new LinkedHashMap<>();
            try {
                ZarrImageReader rec = ds.record(id);
                Map<String, Object> payload = ImageMetadata.payload(rec);
                Object acquired = payload.get(org.kymflow.api.MetadataKeys.HEADER) instanceof Map<?, ?> h ? h.get(org.kymflow.api.MetadataKeys.ACQUIRED_LOCAL_EPOCH_NS) : null;
                row.put("acquired", acquired instanceof Number n ? iso(n.longValue()) : null);
                row.put("shape", rec.arrayInfo().shapeAsInts());
                row.put("rois", Roi.parseAll(payload.get(org.kymflow.api.MetadataKeys.ROIS)).size());
                row.put("experiment", ImageMetadata.experiment(payload)); // genotype, condition, ...: the page's columns
            } catch (ZarrException | IllegalArgumentException e) {
                // one unreadable image is a row that says so; the page shows the others
                row.put("acquired", null);
                row.put("shape", null);
                row.put("rois", null);
                row.put("experiment", Map.of());
                row.put("error", String.valueOf(e.getMessage()).replace(ds.location(),
                        String.valueOf(Path.of(ds.location()).getFileName()))); // the page never learns where data lives
            }
            out.put(id, row);
        });
        return out;
    }

    /** An image's row of the dataset page as last built, and the key (its files and table rows) it was built from. */
    private record ImageRow(String key, Map<String, Object> facts, Map<String, String> states) {
    }

    /**
     * @param ds the dataset
     * @param id a known image id
     * @return the image page's description: names, the images before and after it, shape, scale, ROIs, default
     *     contrast, each analysis's state and the tables that hold rows of it
     */
    Map<String, Object> imagePage(ZarrDatasetReader ds, String id) {
        ZarrImageReader rec = ds.record(id);
        int[] shape = KymographImage.shape2d(rec);
        Map<String, Object> payload = ImageMetadata.payload(rec);
        Optional<Scale> scale = Scale.fromMetadata(payload);
        Map<String, Object> page = new LinkedHashMap<>();
        page.put(Provenance.IMAGE_ID, id);
        Map<String, String> files = SourceFiles.fileNames(ds);
        page.put("file", files.get(id));
        // the images before and after it in file order, as the dataset page and the command line list them (Shift+Up/Down)
        List<String> order = org.kymflow.runtime.ImageNames.inFileOrder(ds.listImageIds(), files);
        int at = order.indexOf(id);
        page.put("previous", at > 0 ? order.get(at - 1) : null);
        page.put("next", at >= 0 && at + 1 < order.size() ? order.get(at + 1) : null);
        page.put("lines", shape[0]);
        page.put("pixels", shape[1]);
        page.put("dtype", rec.arrayInfo().dtype().numpyName());
        page.put("seconds_per_line", scale.map(Scale::delt).orElse(null));
        page.put("um_per_pixel", scale.map(Scale::delx).orElse(null));
        List<Map<String, Object>> rois = new ArrayList<>();
        for (Roi r : rois(rec)) {
            rois.add(Map.of("roi_id", r.roiId(), "channel", r.channel(), "x0", r.x0(), "x1", r.x1(), "y0", r.y0(), "y1", r.y1(),
                    "kind", Roi.kindOf(payload.get(org.kymflow.api.MetadataKeys.ROIS), r.roiId())));
        }
        page.put("rois", rois);
        page.put("experiment", ImageMetadata.experiment(payload));
        KymographImage.Contrast contrast = KymographImage.contrast(rec);
        page.put("contrast", Map.of("lo", contrast.lo(), "hi", contrast.hi(), "min", contrast.min(), "max", contrast.max(),
                "histogram", contrast.histogram()));
        page.put("analyses", analyses(ds, id));
        List<Map<String, Object>> tables = new ArrayList<>();
        for (String table : ds.listTableNames()) {
            Schema schema = ds.describeTable(table).schema();
            if (!schema.contains(Provenance.IMAGE_ID)) {
                continue;
            }
            int rows = ds.loadTableRows(table, Set.of(id), List.of(Provenance.IMAGE_ID), Long.MAX_VALUE).rowCount();
            if (rows > 0) {
                tables.add(Map.of("name", table, "rows", rows, "csv", "/api/images/" + id + "/tables/" + table + ".csv"));
            }
        }
        page.put("tables", tables);
        return page;
    }

    /**
     * @param ds the dataset
     * @param id a known image id
     * @return per ROI and channel, radon's velocity trace on the time axis and velocity_events' events, with
     *     both analyses' states (a missing analysis gives no traces, and says so)
     */
    Map<String, Object> traces(ZarrDatasetReader ds, String id) {
        List<Map<String, Object>> analyses = analyses(ds, id);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("analyses", analyses);
        List<Map<String, Object>> traces = new ArrayList<>();
        String radonTable = NamePolicy.tableName(RADON);
        if (ds.hasTable(radonTable)) {
            Table rows = ds.loadTableRows(radonTable, Set.of(id), null, Long.MAX_VALUE);
            String velocity = rows.hasColumn("clean_velocity_mm_s") ? "clean_velocity_mm_s" : "velocity_mm_s";
            Map<String, List<Integer>> byRoi = new LinkedHashMap<>();
            for (int r = 0; r < rows.rowCount(); r++) {
                byRoi.computeIfAbsent(rows.getInt("roi_id", r) + "/" + rows.getInt("channel", r), k -> new ArrayList<>()).add(r);
            }
            Map<String, List<Map<String, Object>>> events = events(ds, id);
            boolean heartFresh = analyses.stream().anyMatch(a -> HEART_RATE.equals(a.get("name")) && "fresh".equals(a.get("state")));
            Map<String, Double> heartRates = heartFresh ? heartRates(ds, id) : Map.of();
            for (Map.Entry<String, List<Integer>> e : byRoi.entrySet()) {
                List<Integer> idx = e.getValue();
                int first = idx.get(0);
                List<Double> time = new ArrayList<>(idx.size());
                List<Double> values = new ArrayList<>(idx.size());
                for (int r : idx) {
                    time.add(finiteOrNull(rows, "time_s", r));
                    values.add(finiteOrNull(rows, velocity, r));
                }
                Map<String, Object> trace = new LinkedHashMap<>();
                trace.put("roi_id", rows.getInt("roi_id", first));
                trace.put("channel", rows.getInt("channel", first));
                trace.put("units", rows.hasColumn("velocity_units") ? rows.getString("velocity_units", first) : null);
                trace.put("time_s", time);
                trace.put("velocity", values);
                trace.put("events", events.getOrDefault(e.getKey(), List.of()));
                trace.put("heart_rate_bpm", heartRates.get(e.getKey())); // only when heart_rate is fresh for the image
                traces.add(trace);
            }
        }
        out.put("traces", traces);
        out.put("diameters", diameters(ds, id));
        return out;
    }

    /** Per diameter ROI: its diameter and walls over time, in seconds and um (lines and pixels without a scale). */
    private static List<Map<String, Object>> diameters(ZarrDatasetReader ds, String id) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (!ds.hasTable(DiameterTraces.TABLE)) {
            return out;
        }
        Optional<Scale> scale = Scale.fromMetadata(ImageMetadata.payload(ds.record(id)));
        Table rows = ds.loadTableRows(DiameterTraces.TABLE, Set.of(id), DiameterTraces.COLUMNS, Long.MAX_VALUE);
        DiameterTraces.of(rows, scale.map(Scale::delt).orElse(1.0), scale.map(Scale::delx).orElse(1.0)).forEach((roi, t) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("roi_id", roi);
            m.put("units", scale.isPresent() ? "µm" : "pixels");
            m.put("time_s", finite(t.time()));
            m.put("diameter", finite(t.diameter()));
            m.put("left", finite(t.left()));
            m.put("right", finite(t.right()));
            out.add(m);
        });
        return out;
    }

    /** The values for JSON: NaN as null. */
    private static List<Double> finite(double[] values) {
        List<Double> out = new ArrayList<>(values.length);
        for (double v : values) {
            out.add(Double.isFinite(v) ? v : null);
        }
        return out;
    }

    /**
     * @param ds the dataset
     * @param id a known image id
     * @param table a table name (checked to exist)
     * @return the image's rows of the table, as CSV
     */
    String tableCsv(ZarrDatasetReader ds, String id, String table) {
        StringWriter out = new StringWriter();
        TableCsv.write(ds.loadTableRows(table, Set.of(id), null, Long.MAX_VALUE), out);
        return out.toString();
    }

    /** Per analysis: its state for this image, the reason and the facts behind it. */
    private List<Map<String, Object>> analyses(ZarrDatasetReader ds, String id) {
        List<Map<String, Object>> out = new ArrayList<>();
        new Staleness(ds).staleness(plan(ds), Set.of(id)).forEach((name, list) -> {
            ImageStaleness s = list.get(0);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name);
            m.put("table", NamePolicy.tableName(name));
            m.put("state", stateWord(s));
            m.put("reason", s.reason().name());
            m.put("facts", s.facts());
            m.put("rows", s.tableRows());
            out.add(m);
        });
        return out;
    }

    /**
     * @param ds the dataset
     * @param id an image
     * @return each ROI's refined heart rate where heart_rate is fresh for the image and its row says ok (the
     *     first channel's, as {@code kymflow plot} shows it); empty otherwise
     */
    Map<Integer, Double> freshHeartRates(ZarrDatasetReader ds, String id) {
        boolean fresh = analyses(ds, id).stream().anyMatch(a -> HEART_RATE.equals(a.get("name")) && "fresh".equals(a.get("state")));
        Map<Integer, Double> out = new java.util.TreeMap<>();
        if (fresh) {
            new java.util.TreeMap<>(heartRates(ds, id)).forEach((roiChannel, bpm) ->
                    out.putIfAbsent(Integer.parseInt(roiChannel.substring(0, roiChannel.indexOf('/'))), bpm));
        }
        return out;
    }

    /** The refined heart rate of each "roi/channel" of an image whose heart_rate rows say ok. */
    private static Map<String, Double> heartRates(ZarrDatasetReader ds, String id) {
        String table = NamePolicy.tableName(HEART_RATE);
        Map<String, Double> out = new HashMap<>();
        if (!ds.hasTable(table)) {
            return out;
        }
        Table rows = ds.loadTableRows(table, Set.of(id), List.of("roi_id", "channel", "refined_bpm", "status"), Long.MAX_VALUE);
        for (int r = 0; r < rows.rowCount(); r++) {
            if ("ok".equals(rows.getString("status", r)) && !rows.isNull("refined_bpm", r)) {
                out.put(rows.getInt("roi_id", r) + "/" + rows.getInt("channel", r), rows.getDouble("refined_bpm", r));
            }
        }
        return out;
    }

    /** velocity_events rows of one image, grouped by "roi/channel". */
    private static Map<String, List<Map<String, Object>>> events(ZarrDatasetReader ds, String id) {
        String table = NamePolicy.tableName(EVENTS);
        Map<String, List<Map<String, Object>>> out = new LinkedHashMap<>();
        if (!ds.hasTable(table)) {
            return out;
        }
        Table rows = ds.loadTableRows(table, Set.of(id), null, Long.MAX_VALUE);
        for (int r = 0; r < rows.rowCount(); r++) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("event_id", rows.getInt("event_id", r));
            e.put("type", rows.getString("event_type", r));
            e.put("t_start_s", finiteOrNull(rows, "t_start_s", r));
            e.put("t_end_s", finiteOrNull(rows, "t_end_s", r));
            e.put("below_score_floor", rows.hasColumn("below_score_floor") && !rows.isNull("below_score_floor", r)
                    && rows.getBoolean("below_score_floor", r));
            out.computeIfAbsent(rows.getInt("roi_id", r) + "/" + rows.getInt("channel", r), k -> new ArrayList<>()).add(e);
        }
        return out;
    }

    /** velocity_summary rows per image: ROI, channel, median clean velocity, units and the number of events. */
    private static Map<String, ImageRows> readableIndex(ZarrDatasetReader ds, String table) {
        try {
            return ds.hasTable(table) ? ds.tableImageIndex(table, STAMPS) : Map.of();
        } catch (ZarrException e) {
            return Map.of();
        }
    }

    private static Map<String, List<Map<String, Object>>> summaries(ZarrDatasetReader ds) {
        String table = NamePolicy.tableName(SUMMARY);
        Map<String, List<Map<String, Object>>> out = new LinkedHashMap<>();
        if (!ds.hasTable(table)) {
            return out;
        }
        Table rows;
        try {
            rows = ds.loadTable(table);
        } catch (ZarrException e) {
            LOG.warn("the dataset page shows no summaries: {}", e.getMessage());
            return out;
        }
        // events a person counts: the below-floor fillers of Python's top-k are not events (see velocity_events)
        List<String> eventCounts = rows.schema().names().stream().filter(n -> n.startsWith("n_") && !n.equals("n_windows")
                && !n.equals("n_valid") && !n.equals("n_below_score_floor")).toList();
        for (int r = 0; r < rows.rowCount(); r++) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("roi_id", rows.getInt("roi_id", r));
            s.put("channel", rows.getInt("channel", r));
            s.put("clean_median", finiteOrNull(rows, "clean_median", r));
            s.put("units", rows.hasColumn("velocity_units") ? rows.getString("velocity_units", r) : null);
            int events = 0;
            for (String n : eventCounts) {
                events += rows.isNull(n, r) ? 0 : rows.getInt(n, r);
            }
            s.put("events", events);
            out.computeIfAbsent(rows.getString(Provenance.IMAGE_ID, r), k -> new ArrayList<>()).add(s);
        }
        return out;
    }

    private static Double finiteOrNull(Table rows, String column, int r) {
        if (!rows.hasColumn(column) || rows.isNull(column, r)) {
            return null;
        }
        double v = rows.getDouble(column, r);
        return Double.isFinite(v) ? v : null; // JSON has no NaN; the page draws null as a gap
    }

    /** "fresh", or the stale reason without its prefix, lower case ("missing", "params_changed"). */
    private static String stateWord(ImageStaleness s) {
        return s.isFresh() ? "fresh" : s.reason().name().replaceFirst("^STALE_", "").toLowerCase(java.util.Locale.ROOT);
    }

    private static List<Roi> rois(ZarrImageReader rec) {
        return Roi.parseAll(ImageMetadata.payload(rec).get(org.kymflow.api.MetadataKeys.ROIS));
    }

    /** The acquisition time as the microscope's clock read it (stored as if UTC, as Python stores it), to the second. */
    private static String iso(long localEpochNs) {
        return LocalDateTime.ofInstant(Instant.ofEpochSecond(0, localEpochNs), ZoneOffset.UTC).withNano(0).toString();
    }
}
