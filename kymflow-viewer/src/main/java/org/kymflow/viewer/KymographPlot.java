package org.kymflow.viewer;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYDataImageAnnotation;
import org.jfree.chart.annotations.XYShapeAnnotation;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.GrayPaintScale;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.kymflow.api.Roi;
import org.kymflow.api.Scale;
import org.kymflow.runtime.DatasetReader;
import org.kymflow.runtime.ImageMetadata;
import org.kymflow.runtime.NamePolicy;
import org.kymflow.table.Table;
import org.kymflow.zarr.NdArray;
import org.kymflow.zarr.ZarrImageReader;

/**
 * A kymograph above the velocity trace of each ROI, on one time axis, drawn with JFreeChart: time in
 * seconds on the long axis, space in micrometres, a percentile contrast stretch with its grey scale, ROI
 * rectangles outlined and labelled, each trace in mm/s (or pixels/line, said so) with a labelled zero line
 * and its velocity events shaded by type. A time range ({@code from}, {@code to}) is drawn at full
 * resolution; a long one is averaged down to the plot's width. PNG or SVG, by the file's extension.
 */
public final class KymographPlot {
    /** The picture's width in pixels. */
    public static final int WIDTH = 1400;
    /** The colour of ROI outlines and labels. */
    public static final Color ROI_COLOUR = new Color(255, 200, 0);
    // the built-in analyses' tables and columns, by their documented names (the viewer does not load built-ins)
    private static final String RADON_TABLE = NamePolicy.tableName(DatasetPages.RADON);
    private static final String EVENTS_TABLE = NamePolicy.tableName(DatasetPages.EVENTS);
    private static final String ROI_ID = "roi_id";
    private static final String TIME_S = "time_s";
    private static final String CLEAN_VELOCITY = "clean_velocity_mm_s";
    private static final String VELOCITY_UNITS = "velocity_units";
    private static final String BELOW_SCORE_FLOOR = "below_score_floor";
    private static final int KYMOGRAPH_HEIGHT = 320;
    private static final int TRACE_HEIGHT = 170;
    /** How far from a whole line or pixel a range's end may be and still be on it (rounding in s or um). */
    private static final double EDGE = 1e-6;

    private KymographPlot() {
    }

    /**
     * Where things were drawn, for a caller that reports the size and for tests that check the picture.
     *
     * @param width the picture's width in pixels
     * @param height its height in pixels
     * @param kymographArea where the kymograph's data area is, in pixels
     * @param timeFrom the time axis's start (seconds, or lines without a scale)
     * @param timeTo the time axis's end
     * @param spaceTo the space axis's end (micrometres, or pixels without a scale)
     * @param traceRanges per trace panel, its velocity range
     * @param roiLabels where each ROI's label is, in time and space units
     * @param legend the legend's entries
     */
    public record Rendered(int width, int height, Rectangle2D kymographArea, double timeFrom, double timeTo, double spaceTo,
                    List<double[]> traceRanges, List<double[]> roiLabels, List<String> legend) {
    }

    /**
     * What part of an image a plot shows and how: a time range, a space range, one velocity range for every
     * panel or not, and the kymograph's colour map.
     *
     * @param from start of the time range (seconds, or lines without a scale), or null for the start
     * @param to end of the time range, or null for the end
     * @param spaceFrom start of the space range (micrometres, or pixels without a scale), or null for pixel 0
     * @param spaceTo end of the space range, or null for the last pixel
     * @param sharedY whether every ROI's panel uses one velocity range
     * @param colours the colour map: gray (the default), gray_r, viridis, inferno, magma or plasma
     */
    public record View(Double from, Double to, Double spaceFrom, Double spaceTo, boolean sharedY, String colours) {
        /**
         * @throws IllegalArgumentException naming the choices when the colour map is unknown
         */
        public View {
            ColourMap.fromKey(colours == null ? "gray" : colours);
        }

        /**
         * @param from start of the time range, or null for the start
         * @param to end of the time range, or null for the end
         * @param sharedY whether every ROI's panel uses one velocity range
         * @return that time range, the whole width of the vessel, in grey
         */
        public static View of(Double from, Double to, boolean sharedY) {
            return new View(from, to, null, null, sharedY, "gray");
        }
    }

    /**
     * Plots a view of an image: its time and space range at full resolution where short (a long one averaged
     * down to the plot's width), in its colour map, each ROI's heart rate beside its panel's axis.
     *
     * @param ds the dataset
     * @param imageId the image
     * @param view the ranges, shared y and colour map
     * @param heartRates ROI id to its heart rate in bpm (ROIs without one get none)
     * @param target the PNG or SVG file
     * @return where things were drawn
     * @throws IOException when the file cannot be written
     * @throws IllegalArgumentException when a range holds no line or pixel of the image
     */
    public static Rendered plot(DatasetReader ds, String imageId, View view, Map<Integer, Double> heartRates, Path target) throws IOException {
        Double from = view.from();
        Double to = view.to();
        boolean sharedY = view.sharedY();
        ZarrImageReader rec = ds.storage().record(imageId);
        int[] shape = rec.arrayInfo().shapeAsInts();
        if (shape.length != 2) {
            throw new IllegalArgumentException("plot draws 2-D kymographs; image " + imageId + " has shape " + Arrays.toString(shape));
        }
        Map<String, Object> payload = ImageMetadata.payload(rec); // without it: no scale, no ROIs, so lines and pixels
        Optional<Scale> scale = Scale.fromMetadata(payload);
        boolean physical = scale.isPresent();
        double delt = scale.map(Scale::delt).orElse(1.0);
        double delx = scale.map(Scale::delx).orElse(1.0);
        String timeUnit = physical ? "s" : "lines";
        String spaceUnit = physical ? "µm" : "pixels";
        // a boundary given as line * seconds per line (as the viewer sends it) is that line, not one before it
        int first = from == null ? 0 : (int) Math.max(0, Math.floor(from / delt + EDGE));
        int last = to == null ? shape[0] : (int) Math.min(shape[0], Math.ceil(to / delt - EDGE));
        if (last <= first) {
            throw new IllegalArgumentException("the time range " + from + " .. " + to + " " + timeUnit + " holds no line of the image ("
                    + shape[0] + " lines, " + shape[0] * delt + " " + timeUnit + ")");
        }
        int top = view.spaceFrom() == null ? 0 : (int) Math.max(0, Math.floor(view.spaceFrom() / delx + EDGE));
        int bottom = view.spaceTo() == null ? shape[1] : (int) Math.min(shape[1], Math.ceil(view.spaceTo() / delx - EDGE));
        if (bottom <= top) {
            throw new IllegalArgumentException("the space range " + view.spaceFrom() + " .. " + view.spaceTo() + " " + spaceUnit
                    + " holds no pixel of the image (" + shape[1] + " pixels, " + shape[1] * delx + " " + spaceUnit + ")");
        }
        NdArray pixels = rec.readRegion(new long[] {first, top}, new int[] {last - first, bottom - top});
        double[] sorted = pixels.toDoubleArray();
        Arrays.sort(sorted);
        double lo = sorted[(int) (0.01 * (sorted.length - 1))];
        double hi = Math.max(lo + 1e-9, sorted[(int) (0.99 * (sorted.length - 1))]);
        ColourMap colours = ColourMap.fromKey(view.colours() == null ? "gray" : view.colours());
        BufferedImage image = kymographImage(pixels, new KymographImage.Look(lo, hi, colours, false), Math.min(last - first, WIDTH));

        NumberAxis time = new NumberAxis("time (" + timeUnit + ")");
        time.setRange(first * delt, last * delt);
        CombinedDomainXYPlot combined = new CombinedDomainXYPlot(time);
        combined.setGap(12);

        NumberAxis space = new NumberAxis("space (" + spaceUnit + ")");
        space.setRange(top * delx, bottom * delx);
        space.setInverted(true); // pixel 0 at the top, as the image is shown in every viewer
        XYPlot kymo = new XYPlot(new XYSeriesCollection(), null, space, new XYLineAndShapeRenderer(false, false));
        // behind the data, so that the walls a diameter ROI's rows give are drawn over the image
        kymo.getRenderer().addAnnotation(new XYDataImageAnnotation(image, first * delt, top * delx, (last - first) * delt, (bottom - top) * delx, true),
                Layer.BACKGROUND);
        List<double[]> placed = new ArrayList<>(); // label corners already used, in time and space units
        double labelWidth = 0.06 * (last - first) * delt; // about 80 of the chart's 1400 pixels
        double labelHeight = 0.09 * (bottom - top) * delx;
        for (Roi roi : Roi.parseAll(payload.get(org.kymflow.api.MetadataKeys.ROIS))) {
            Roi r = roi.clampedTo(shape[0], shape[1]);
            if (r.isEmpty() || r.y1() <= first || r.y0() >= last || r.x1() <= top || r.x0() >= bottom) {
                continue;
            }
            Rectangle2D box = new Rectangle2D.Double(r.y0() * delt, r.x0() * delx, r.height() * delt, r.width() * delx);
            kymo.addAnnotation(new XYShapeAnnotation(box, new BasicStroke(2f), ROI_COLOUR));
            // a zoomed view clips ROIs to its left edge, where their labels would land on each other: move a label
            // right, then down, until it is clear of the ones placed
            double x = Math.max(r.y0(), first) * delt;
            double y = Math.max(r.x0(), top) * delx;
            for (int tries = 0; tries < 20 && overlaps(placed, x, y, labelWidth, labelHeight); tries++) {
                x += labelWidth;
                if (x + labelWidth > Math.min(r.y1(), last) * delt) {
                    x = Math.max(r.y0(), first) * delt;
                    y += labelHeight;
                }
            }
            placed.add(new double[] {x, y});
            XYTextAnnotation label = new XYTextAnnotation("ROI " + r.roiId(), x, y);
            label.setTextAnchor(TextAnchor.TOP_LEFT);
            label.setPaint(ROI_COLOUR);
            label.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
            kymo.addAnnotation(label);
        }
        Map<Integer, DiameterTraces.Trace> diameters = ds.hasTable(DiameterTraces.TABLE)
                ? DiameterTraces.of(ds.tableRows(DiameterTraces.TABLE, Set.of(imageId), DiameterTraces.COLUMNS, Long.MAX_VALUE), delt, delx)
                : Map.of();
        DiameterTraces.drawWalls(kymo, diameters);
        combined.add(kymo, 2);

        Map<Integer, double[][]> traces = traces(ds, imageId);
        String units = units(ds, imageId, physical);
        double[] shared = sharedY ? range(traces.values(), first * delt, last * delt) : null;
        java.util.Set<Integer> typesDrawn = new java.util.TreeSet<>();
        for (Map.Entry<Integer, double[][]> e : traces.entrySet()) {
            List<double[]> events = events(ds, imageId, e.getKey());
            final double t0 = first * delt;
            final double t1 = last * delt;
            events.stream().filter(ev -> ev[1] >= t0 && ev[0] <= t1).forEach(ev -> typesDrawn.add((int) ev[2])); // in view only
            double[] yRange = shared != null ? shared : range(java.util.Collections.singletonList(e.getValue()), first * delt, last * delt);
            combined.add(tracePlot(e.getKey(), e.getValue(), units, heartRates.get(e.getKey()), events, yRange), 1);
        }
        for (DiameterTraces.Trace d : diameters.values()) { // a diameter ROI's panel: its diameter over time
            double[][] trace = {d.time(), d.diameter()};
            combined.add(tracePlot(d.roiId(), trace, "diameter, " + spaceUnit, null, List.of(),
                    range(java.util.Collections.singletonList(trace), first * delt, last * delt)), 1);
        }
        int panels = traces.size() + diameters.size();

        JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, combined, false);
        if (!typesDrawn.isEmpty()) {
            // a legend of the event types drawn: shaded spans have an end, lines are events at one moment
            org.jfree.chart.LegendItemCollection items = new org.jfree.chart.LegendItemCollection();
            for (int type : typesDrawn) {
                items.add(new org.jfree.chart.LegendItem(EVENT_TYPES.get(type), eventColour(type, 255)));
            }
            combined.setFixedLegendItems(items);
            org.jfree.chart.title.LegendTitle legendTitle = new org.jfree.chart.title.LegendTitle(combined);
            legendTitle.setPosition(RectangleEdge.BOTTOM);
            chart.addSubtitle(legendTitle);
        }
        chart.setBackgroundPaint(Color.WHITE);
        String file = ds.fileNames().get(imageId);
        TextTitle title = new TextTitle((file == null ? "image " + imageId : file + "  (" + imageId.substring(0, Math.min(8, imageId.length()))
                + ")") + "   "
                + shape[0] + " x " + shape[1] + (from != null || to != null ? String.format(Locale.ROOT, "   %.3f .. %.3f %s",
                first * delt, last * delt, timeUnit) : "") + (top > 0 || bottom < shape[1] ? String.format(Locale.ROOT, "   %.2f .. %.2f %s",
                top * delx, bottom * delx, spaceUnit) : ""), new Font(Font.SANS_SERIF, Font.BOLD, 14));
        chart.setTitle(title);
        NumberAxis scaleAxis = new NumberAxis("intensity");
        scaleAxis.setRange(lo, hi);
        PaintScaleLegend legend = new PaintScaleLegend(paintScale(colours, lo, hi), scaleAxis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setMargin(new RectangleInsets(40, 10, 40 + panels * TRACE_HEIGHT, 10));
        legend.setStripWidth(12);
        chart.addSubtitle(legend);

        int height = KYMOGRAPH_HEIGHT + 80 + panels * TRACE_HEIGHT + (panels == 0 ? 40 : 0) + (typesDrawn.isEmpty() ? 0 : 30);
        if (panels == 0) {
            chart.addSubtitle(new TextTitle("no kym_radon rows for this image: run 'kymflow index DATASET radon'"));
        }
        ChartRenderingInfo info = new ChartRenderingInfo();
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        if (target.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".svg")) {
            SVGGraphics2D svg = new SVGGraphics2D(WIDTH, height);
            chart.draw(svg, new Rectangle2D.Double(0, 0, WIDTH, height), info);
            Files.writeString(target, svg.getSVGDocument(), StandardCharsets.UTF_8);
        } else {
            BufferedImage png = chart.createBufferedImage(WIDTH, height, info);
            if (!ImageIO.write(png, "png", target.toFile())) {
                throw new IOException("no PNG writer in this JDK");
            }
        }
        Rectangle2D area = info.getPlotInfo().getSubplotInfo(0).getDataArea();
        List<double[]> ranges = new ArrayList<>();
        for (int i = 1; i < combined.getSubplots().size(); i++) {
            org.jfree.data.Range y = ((XYPlot) combined.getSubplots().get(i)).getRangeAxis().getRange();
            ranges.add(new double[] {y.getLowerBound(), y.getUpperBound()});
        }
        return new Rendered(WIDTH, height, area, first * delt, last * delt, bottom * delx, ranges, placed,
                typesDrawn.stream().map(EVENT_TYPES::get).toList());
    }

    /** The scale beside the kymograph: grey as before, or the colour map's 256 colours from lo to hi. */
    private static org.jfree.chart.renderer.PaintScale paintScale(ColourMap colours, double lo, double hi) {
        if (colours == ColourMap.GRAY) {
            return new GrayPaintScale(lo, hi);
        }
        int[] table = colours.table();
        org.jfree.chart.renderer.LookupPaintScale scale = new org.jfree.chart.renderer.LookupPaintScale(lo, hi, new Color(table[0]));
        for (int level = 0; level < 256; level++) {
            scale.add(lo + (hi - lo) * level / 256.0, new Color(table[level]));
        }
        return scale;
    }

    /** The lines as columns (time runs left to right), averaged down to at most maxColumns, coloured as the viewer's tiles. */
    private static BufferedImage kymographImage(NdArray px, KymographImage.Look look, int maxColumns) {
        int[] colours = look.map().table();
        int lines = px.shape()[0];
        int pixels = px.shape()[1];
        BufferedImage img = new BufferedImage(maxColumns, pixels, BufferedImage.TYPE_INT_RGB);
        for (int sx = 0; sx < maxColumns; sx++) {
            int from = (int) ((long) sx * lines / maxColumns);
            int to = Math.max(from + 1, (int) ((long) (sx + 1) * lines / maxColumns));
            for (int col = 0; col < pixels; col++) {
                double sum = 0;
                for (int line = from; line < to; line++) {
                    sum += px.getDouble((long) line * pixels + col);
                }
                img.setRGB(sx, col, colours[look.level(sum / (to - from))]);
            }
        }
        return img;
    }

    /**
     * A velocity panel: the y range comes from the data in view (a clean trace near -1.2 mm/s is not squashed
     * against zero), events with an end are shaded spans, events of one moment (no end) are lines at their
     * peak, coloured by type as the legend says, without text labels that would overlap.
     */
    private static XYPlot tracePlot(int roiId, double[][] trace, String units, Double heartRateBpm, List<double[]> events,
                                    double[] yRange) {
        XYSeries series = new XYSeries("ROI " + roiId, false, true);
        for (int i = 0; i < trace[0].length; i++) {
            series.add(trace[0][i], Double.isNaN(trace[1][i]) ? null : trace[1][i]); // a gap where radon found no angle
        }
        NumberAxis axis = new NumberAxis("ROI " + roiId + " (" + units + ")"
                + (heartRateBpm == null ? "" : String.format(Locale.ROOT, ", %.0f bpm", heartRateBpm)));
        axis.setAutoRangeIncludesZero(false);
        if (yRange != null) {
            axis.setRange(yRange[0], yRange[1]);
        }
        XYLineAndShapeRenderer line = new XYLineAndShapeRenderer(true, false);
        line.setSeriesPaint(0, new Color(31, 119, 180));
        line.setSeriesStroke(0, new BasicStroke(1.2f));
        XYPlot plot = new XYPlot(new XYSeriesCollection(series), null, axis, line);
        if (yRange == null || yRange[0] <= 0 && yRange[1] >= 0) {
            ValueMarker zero = new ValueMarker(0, Color.GRAY, new BasicStroke(1f));
            zero.setLabel("0");
            zero.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.LEFT);
            zero.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
            plot.addRangeMarker(zero);
        }
        for (double[] e : events) {
            int type = (int) e[2];
            if (e[3] > 0) {
                plot.addDomainMarker(new IntervalMarker(e[0], Math.max(e[1], e[0] + 1e-9), eventColour(type, 70)), Layer.BACKGROUND);
            } else {
                plot.addDomainMarker(new ValueMarker(e[1], eventColour(type, 200), new BasicStroke(1.5f)), Layer.BACKGROUND);
            }
        }
        return plot;
    }

    private static Color eventColour(int type, int alpha) {
        return switch (type) {
            case 0 -> new Color(214, 39, 40, alpha);    // baseline_drop
            case 1 -> new Color(44, 160, 44, alpha);    // baseline_rise
            case 2 -> new Color(127, 127, 127, alpha);  // nan_gap
            default -> new Color(148, 103, 189, alpha); // zero_gap
        };
    }

    /** A y range from the values in the time range: the finite minimum and maximum, with a margin; null if none. */
    private static double[] range(java.util.Collection<double[][]> traces, double t0, double t1) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[][] trace : traces) {
            for (int i = 0; i < trace[0].length; i++) {
                double v = trace[1][i];
                if (trace[0][i] >= t0 && trace[0][i] <= t1 && Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (lo > hi) {
            return null;
        }
        double margin = Math.max(0.05 * (hi - lo), 1e-6 * Math.max(1, Math.abs(hi)));
        return new double[] {lo - margin, hi + margin};
    }

    private static boolean overlaps(List<double[]> placed, double x, double y, double w, double h) {
        for (double[] p : placed) {
            if (Math.abs(p[0] - x) < w && Math.abs(p[1] - y) < h) {
                return true;
            }
        }
        return false;
    }

    private static final List<String> EVENT_TYPES = List.of("baseline_drop", "baseline_rise", "nan_gap", "zero_gap");

    /** ROI id to {times, clean velocities}, from this image's radon rows only. */
    private static Map<Integer, double[][]> traces(DatasetReader ds, String imageId) {
        Map<Integer, double[][]> out = new TreeMap<>();
        if (!ds.hasTable(RADON_TABLE)) {
            return out;
        }
        Table rows = ds.tableRows(RADON_TABLE, Set.of(imageId), null, Long.MAX_VALUE);
        Map<Integer, List<double[]>> byRoi = new TreeMap<>();
        for (int r = 0; r < rows.rowCount(); r++) {
            byRoi.computeIfAbsent(rows.getInt(ROI_ID, r), k -> new ArrayList<>())
                    .add(new double[] {rows.getDouble(TIME_S, r), rows.getDouble(CLEAN_VELOCITY, r)});
        }
        byRoi.forEach((roi, list) -> {
            double[][] t = new double[2][list.size()];
            for (int i = 0; i < list.size(); i++) {
                t[0][i] = list.get(i)[0];
                t[1][i] = list.get(i)[1];
            }
            out.put(roi, t);
        });
        return out;
    }

    private static String units(DatasetReader ds, String imageId, boolean physical) {
        if (ds.hasTable(RADON_TABLE)) {
            Table one = ds.tableRows(RADON_TABLE, Set.of(imageId), List.of(VELOCITY_UNITS), 1);
            if (one.rowCount() > 0) {
                return one.getString(VELOCITY_UNITS, 0);
            }
        }
        return physical ? "mm/s" : "pixels/line";
    }

    /** {start, end, type index} of each event of an ROI; a drop or rise spans its onset to its peak. */
    private static List<double[]> events(DatasetReader ds, String imageId, int roiId) {
        List<double[]> out = new ArrayList<>();
        String table = EVENTS_TABLE;
        if (!ds.hasTable(table)) {
            return out;
        }
        Table rows = ds.tableRows(table, Set.of(imageId), null, Long.MAX_VALUE);
        for (int r = 0; r < rows.rowCount(); r++) {
            if (rows.getInt("roi_id", r) != roiId) {
                continue;
            }
            if (rows.hasColumn(BELOW_SCORE_FLOOR) && !rows.isNull(BELOW_SCORE_FLOOR, r)
                    && rows.getBoolean(BELOW_SCORE_FLOOR, r)) {
                continue; // weaker than the detector's floor: not drawn as a drop (see the events table)
            }
            double start = rows.getDouble("t_start_s", r);
            boolean hasEnd = !rows.isNull("t_end_s", r);
            // an event without an end happened at its peak: drawn there as a line, not as a span from its onset
            double at = hasEnd ? rows.getDouble("t_end_s", r) : !rows.isNull("peak_t_s", r) ? rows.getDouble("peak_t_s", r) : start;
            out.add(new double[] {start, at, EVENT_TYPES.indexOf(rows.getString("event_type", r)), hasEnd ? 1 : 0});
        }
        return out;
    }
}
