package org.kymflow.viewer;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.kymflow.table.Table;

/**
 * The diameter of an image's diameter ROIs as the plot and the viewer draw it, from its {@code kym_diameter}
 * rows: per ROI the diameter over time and the two walls, in the header's units (seconds and um), or in lines
 * and pixels when it has no scale.
 */
final class DiameterTraces {
    /** The diameter analysis's table. */
    static final String TABLE = "kym_diameter";
    /** The columns read. */
    static final List<String> COLUMNS = List.of("roi_id", "center_row", "diameter_px", "left_edge_px", "right_edge_px");
    private static final Color WALL_COLOUR = new Color(255, 140, 0);

    private DiameterTraces() {
    }

    /**
     * One diameter ROI's measurements; NaN where a line has none.
     *
     * @param roiId the ROI
     * @param time each measured line's time (s, or the line without a scale)
     * @param diameter its diameter (um, or pixels)
     * @param left its left wall (um, or pixels)
     * @param right its right wall
     */
    record Trace(int roiId, double[] time, double[] diameter, double[] left, double[] right) {
    }

    /**
     * @param rows one image's diameter rows with at least {@link #COLUMNS}
     * @param delt seconds per line (1: lines)
     * @param delx um per pixel (1: pixels)
     * @return ROI id to its trace, in ROI order, lines in order
     */
    static Map<Integer, Trace> of(Table rows, double delt, double delx) {
        Map<Integer, List<Integer>> byRoi = new TreeMap<>();
        for (int r = 0; r < rows.rowCount(); r++) {
            byRoi.computeIfAbsent(rows.getInt("roi_id", r), k -> new ArrayList<>()).add(r);
        }
        Map<Integer, Trace> out = new TreeMap<>();
        byRoi.forEach((roi, list) -> {
            list.sort((a, b) -> Long.compare(((Number) rows.get("center_row", a)).longValue(), ((Number) rows.get("center_row", b)).longValue()));
            int n = list.size();
            Trace t = new Trace(roi, new double[n], new double[n], new double[n], new double[n]);
            for (int i = 0; i < n; i++) {
                int r = list.get(i);
                t.time()[i] = ((Number) rows.get("center_row", r)).doubleValue() * delt;
                t.diameter()[i] = value(rows, "diameter_px", r) * delx;
                t.left()[i] = value(rows, "left_edge_px", r) * delx;
                t.right()[i] = value(rows, "right_edge_px", r) * delx;
            }
            out.put(roi, t);
        });
        return out;
    }

    private static double value(Table rows, String column, int r) {
        return rows.isNull(column, r) ? Double.NaN : rows.getDouble(column, r);
    }

    /**
     * Draws each ROI's walls on the kymograph (time across, space down), as lines broken where a wall is missing.
     *
     * @param kymo the kymograph's plot
     * @param traces the image's diameter traces
     */
    static void drawWalls(XYPlot kymo, Map<Integer, Trace> traces) {
        if (traces.isEmpty()) {
            return;
        }
        XYSeriesCollection walls = new XYSeriesCollection();
        for (Trace t : traces.values()) {
            XYSeries left = new XYSeries("ROI " + t.roiId() + " left wall", false, true);
            XYSeries right = new XYSeries("ROI " + t.roiId() + " right wall", false, true);
            for (int i = 0; i < t.time().length; i++) {
                left.add(t.time()[i], Double.isNaN(t.left()[i]) ? null : t.left()[i]);
                right.add(t.time()[i], Double.isNaN(t.right()[i]) ? null : t.right()[i]);
            }
            walls.addSeries(left);
            walls.addSeries(right);
        }
        XYLineAndShapeRenderer line = new XYLineAndShapeRenderer(true, false);
        for (int s = 0; s < walls.getSeriesCount(); s++) {
            line.setSeriesPaint(s, WALL_COLOUR);
            line.setSeriesStroke(s, new BasicStroke(1f));
        }
        kymo.setDataset(1, walls);
        kymo.setRenderer(1, line);
    }
}
