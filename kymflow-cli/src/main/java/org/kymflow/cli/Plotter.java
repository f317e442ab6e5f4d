package org.kymflow.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.kymflow.api.Provenance;
import org.kymflow.builtin.radon.RadonIndexer;
import org.kymflow.table.Table;
import org.kymflow.zarr.NdArray;
import org.kymflow.zarr.ZarrDataset;
import org.kymflow.zarr.ZarrImageRecord;

/**
 * Draws a kymograph above its velocity traces, one panel per ROI, on one time axis: the picture a
 * biologist checks a run with. Java2D only.
 */
public final class Plotter {
    /** Width of the PNG in pixels. */
    public static final int WIDTH = 1200;
    private static final int MARGIN_LEFT = 90;
    private static final int MARGIN_RIGHT = 20;
    private static final int IMAGE_HEIGHT = 220;
    private static final int TRACE_HEIGHT = 170;
    private static final int GAP = 46;
    private static final Color[] COLORS = {new Color(0xd62728), new Color(0x1f77b4), new Color(0x2ca02c), new Color(0x9467bd)};

    private Plotter() {
    }

    /**
     * @param dataset the dataset
     * @param imageId the image
     * @param target the PNG to write
     * @return the PNG's height in pixels (its width is {@link #WIDTH})
     * @throws IOException when the PNG cannot be written
     * @throws IllegalArgumentException when the image is not 2-D
     */
    public static int plot(ZarrDataset dataset, String imageId, Path target) throws IOException {
        ZarrImageRecord rec = dataset.record(imageId);
        NdArray pixels = rec.loadArray();
        int[] shape = pixels.shape();
        if (shape.length != 2) {
            throw new IllegalArgumentException("plot draws 2-D kymographs; image " + imageId + " has shape " + java.util.Arrays.toString(shape));
        }
        Map<Integer, double[][]> traces = traces(dataset, imageId);
        double delt = traces.isEmpty() ? 1 : traces.values().iterator().next()[2][0];
        double duration = shape[0] * delt;
        int height = GAP + IMAGE_HEIGHT + Math.max(1, traces.size()) * (TRACE_HEIGHT + GAP) + 10;
        BufferedImage png = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = png.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(ImageNames.label(ImageNames.fileNames(dataset), imageId) + "  (" + shape[0] + " lines x " + shape[1] + " pixels)",
                MARGIN_LEFT, 22);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int plotWidth = WIDTH - MARGIN_LEFT - MARGIN_RIGHT;
        drawKymograph(g, pixels, MARGIN_LEFT, GAP - 10, plotWidth, IMAGE_HEIGHT);
        g.drawString("space", 20, GAP - 10 + IMAGE_HEIGHT / 2);
        int y = GAP - 10 + IMAGE_HEIGHT + GAP;
        if (traces.isEmpty()) {
            g.drawString("no kym_radon rows for this image: run 'kymflow index DATASET radon'", MARGIN_LEFT, y + 20);
        }
        int k = 0;
        for (Map.Entry<Integer, double[][]> e : traces.entrySet()) {
            drawTrace(g, e.getKey(), e.getValue(), duration, MARGIN_LEFT, y, plotWidth, TRACE_HEIGHT, COLORS[k++ % COLORS.length]);
            y += TRACE_HEIGHT + GAP;
        }
        g.dispose();
        Files.createDirectories(target.toAbsolutePath().getParent());
        if (!ImageIO.write(png, "png", target.toFile())) {
            throw new IOException("no PNG writer in this JDK");
        }
        return height;
    }

    /** ROI id to {times, clean velocities, {delt}} from kym_radon. */
    private static Map<Integer, double[][]> traces(ZarrDataset dataset, String imageId) {
        Map<Integer, double[][]> out = new LinkedHashMap<>();
        if (!dataset.hasTable(RadonIndexer.TABLE)) {
            return out;
        }
        Table rows = dataset.loadTableRows(RadonIndexer.TABLE, java.util.Set.of(imageId), null, Long.MAX_VALUE);
        Map<Integer, List<double[]>> byRoi = new LinkedHashMap<>();
        for (int r = 0; r < rows.rowCount(); r++) {
            byRoi.computeIfAbsent(rows.getInt(RadonIndexer.ROI_ID, r), x -> new ArrayList<>())
                    .add(new double[] {rows.getDouble(RadonIndexer.TIME_S, r), rows.getDouble(RadonIndexer.CLEAN_VELOCITY, r), rows.getDouble(RadonIndexer.DELT_S, r)});
        }
        for (Map.Entry<Integer, List<double[]>> e : byRoi.entrySet()) {
            List<double[]> list = e.getValue();
            double[] t = new double[list.size()];
            double[] v = new double[list.size()];
            for (int i = 0; i < t.length; i++) {
                t[i] = list.get(i)[0];
                v[i] = list.get(i)[1];
            }
            out.put(e.getKey(), new double[][] {t, v, {list.get(0)[2]}});
        }
        return out;
    }

    /** Time runs left to right; each screen column shows the mean of its lines, contrast from the 1st-99th percentile. */
    private static void drawKymograph(Graphics2D g, NdArray px, int x0, int y0, int w, int h) {
        int lines = px.shape()[0];
        int pixels = px.shape()[1];
        double[] sorted = px.toDoubleArray();
        java.util.Arrays.sort(sorted);
        double lo = sorted[(int) (0.01 * (sorted.length - 1))];
        double hi = Math.max(lo + 1e-9, sorted[(int) (0.99 * (sorted.length - 1))]);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int sx = 0; sx < w; sx++) {
            int from = (int) ((long) sx * lines / w);
            int to = Math.max(from + 1, (int) ((long) (sx + 1) * lines / w));
            for (int sy = 0; sy < h; sy++) {
                int col = Math.min(pixels - 1, sy * pixels / h);
                double sum = 0;
                for (int line = from; line < to; line++) {
                    sum += px.getDouble((long) line * pixels + col);
                }
                int grey = (int) Math.round(255 * Math.max(0, Math.min(1, (sum / (to - from) - lo) / (hi - lo))));
                img.setRGB(sx, sy, grey << 16 | grey << 8 | grey);
            }
        }
        g.drawImage(img, x0, y0, null);
        g.setColor(Color.BLACK);
        g.drawRect(x0, y0, w, h);
    }

    private static void drawTrace(Graphics2D g, int roiId, double[][] trace, double duration, int x0, int y0, int w, int h, Color color) {
        double[] t = trace[0];
        double[] v = trace[1];
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double value : v) {
            if (!Double.isNaN(value)) {
                min = Math.min(min, value);
                max = Math.max(max, value);
            }
        }
        if (min > max) {
            min = -1;
            max = 1;
        }
        // at least +-10% of the level, so quantisation steps of a steady flow do not look like events
        double span = Math.max(max - min, 0.2 * Math.max(Math.abs(max), Math.abs(min)));
        double middle = (max + min) / 2;
        min = middle - span / 2;
        max = middle + span / 2;
        double pad = Math.max(1e-6, span * 0.08);
        min -= pad;
        max += pad;
        g.setColor(new Color(0xf4f4f4));
        g.fillRect(x0, y0, w, h);
        g.setColor(Color.GRAY);
        if (min < 0 && max > 0) {
            int zero = y0 + (int) ((max / (max - min)) * h);
            g.drawLine(x0, zero, x0 + w, zero);
        }
        g.setColor(color);
        g.setStroke(new BasicStroke(1.3f));
        int px = -1;
        int py = -1;
        for (int i = 0; i < t.length; i++) {
            if (Double.isNaN(v[i])) {
                px = -1;
                continue;
            }
            int sx = x0 + (int) (t[i] / duration * w);
            int sy = y0 + (int) ((max - v[i]) / (max - min) * h);
            if (px >= 0) {
                g.drawLine(px, py, sx, sy);
            }
            px = sx;
            py = sy;
        }
        g.setStroke(new BasicStroke(1f));
        g.setColor(Color.BLACK);
        g.drawRect(x0, y0, w, h);
        g.drawString(String.format("%.2f", max), 8, y0 + 12);
        g.drawString(String.format("%.2f", min), 8, y0 + h);
        g.drawString("ROI " + roiId + "  clean velocity (mm/s)", x0 + 6, y0 - 6);
        g.drawString("0 s", x0, y0 + h + 16);
        String end = String.format("%.1f s", duration);
        g.drawString(end, x0 + w - g.getFontMetrics().stringWidth(end), y0 + h + 16);
    }
}
