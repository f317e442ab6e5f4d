package org.kymflow.viewer;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;
import javax.imageio.ImageIO;
import org.kymflow.zarr.NdArray;
import org.kymflow.zarr.ZarrImageReader;

/**
 * Renders a time and space range of a kymograph as a PNG at screen resolution, in a chosen colour map on a
 * linear or logarithmic scale: time runs left to right
 * (so the image lines up with the velocity traces under it), space top to bottom. Lines that fall on one
 * output column are averaged, so a zoomed-out view keeps every line's contribution; a range narrower than
 * the requested width gets one column per line (the browser scales it up without smoothing). Only the
 * chunks of the range are read: the whole array never goes to the browser.
 */
final class KymographImage {
    /** The widest image served: a screen's worth of columns. */
    static final int MAX_WIDTH = 4096;

    private KymographImage() {
    }

    /**
     * How pixel values become colours: the value shown at the bottom of the colour map ({@code lo}) and at its
     * top ({@code hi}), the map, and whether the levels between follow the logarithm of (value - lo + 1), which
     * brings out dim cells next to a bright lumen.
     *
     * @param lo the pixel value at the map's first colour
     * @param hi the pixel value at its last colour
     * @param map the colour map
     * @param log a logarithmic rather than linear scale between lo and hi
     */
    record Look(double lo, double hi, ColourMap map, boolean log) {
        /**
         * @param lo the pixel value shown black
         * @param hi the pixel value shown white
         * @return linear grey between them
         */
        static Look grey(double lo, double hi) {
            return new Look(lo, hi, ColourMap.GRAY, false);
        }

        /**
         * @param value a pixel value (or a mean of some)
         * @return its level on the colour map, 0..255
         */
        int level(double value) {
            double span = hi > lo ? hi - lo : 1;
            double f = log ? Math.log1p(Math.max(0, value - lo)) / Math.log1p(span) : (value - lo) / span;
            return (int) Math.max(0, Math.min(255, Math.round(f * 255)));
        }
    }

    /**
     * A time and space range rendered, before PNG encoding (kept separate so that tests can check pixel values).
     *
     * @param rec the image (2-D, axis 0 time, axis 1 space)
     * @param firstLine first line, inclusive
     * @param endLine last line, exclusive
     * @param firstPixel first pixel in space, inclusive
     * @param endPixel last pixel in space, exclusive
     * @param width the most output columns
     * @param look contrast, colour map and scale
     * @return the rendered image, one row per pixel in space
     */
    static BufferedImage render(ZarrImageReader rec, long firstLine, long endLine, int firstPixel, int endPixel, int width, Look look) {
        int lines = (int) (endLine - firstLine);
        int pixels = endPixel - firstPixel;
        int columns = Math.max(1, Math.min(Math.min(width, MAX_WIDTH), lines));
        NdArray region = rec.readRegion(new long[] {firstLine, firstPixel}, new int[] {lines, pixels});
        double[] values = region.toDoubleArray();
        double[] sums = new double[columns * pixels];
        int[] counts = new int[columns];
        for (int line = 0; line < lines; line++) {
            int column = (int) ((long) line * columns / lines);
            counts[column]++;
            int in = line * pixels;
            int out = column * pixels;
            for (int p = 0; p < pixels; p++) {
                sums[out + p] += values[in + p];
            }
        }
        int[] colours = look.map().table();
        if (look.map() == ColourMap.GRAY || look.map() == ColourMap.GRAY_R) {
            // one byte per pixel: a third of an RGB PNG's bytes for the maps most views use
            BufferedImage img = new BufferedImage(columns, pixels, BufferedImage.TYPE_BYTE_GRAY);
            byte[] grey = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
            for (int c = 0; c < columns; c++) {
                for (int p = 0; p < pixels; p++) {
                    grey[p * columns + c] = (byte) colours[look.level(sums[c * pixels + p] / counts[c])];
                }
            }
            return img;
        }
        BufferedImage img = new BufferedImage(columns, pixels, BufferedImage.TYPE_INT_RGB);
        int[] rgb = new int[columns * pixels];
        for (int c = 0; c < columns; c++) {
            for (int p = 0; p < pixels; p++) {
                rgb[p * columns + c] = colours[look.level(sums[c * pixels + p] / counts[c])];
            }
        }
        img.setRGB(0, 0, columns, pixels, rgb, 0, columns);
        return img;
    }

    /**
     * A tile the image page asks for: lines {@code t0..t1} and pixels {@code s0..s1} (default: all), at most
     * {@code width} columns, {@code lo}/{@code hi} (default: the image's contrast), {@code cmap} (gray, gray_r,
     * viridis, ...) and {@code scale} (linear or log).
     *
     * @param rec the image
     * @param query the request's query parameters
     * @return the PNG's bytes
     * @throws IllegalArgumentException naming a parameter out of range or of the wrong form (the answer is a 400)
     */
    static byte[] tile(ZarrImageReader rec, Map<String, String> query) {
        int[] shape = shape2d(rec);
        long t0 = QueryParams.longParam(query, "t0", 0);
        long t1 = QueryParams.longParam(query, "t1", shape[0]);
        if (t0 < 0 || t1 > shape[0] || t0 >= t1) {
            throw new IllegalArgumentException("lines t0=" + t0 + " to t1=" + t1 + " are not a range within 0.." + shape[0]);
        }
        long s0 = QueryParams.longParam(query, "s0", 0);
        long s1 = QueryParams.longParam(query, "s1", shape[1]);
        if (s0 < 0 || s1 > shape[1] || s0 >= s1) {
            throw new IllegalArgumentException("pixels s0=" + s0 + " to s1=" + s1 + " are not a range within 0.." + shape[1]);
        }
        int width = (int) QueryParams.longParam(query, "width", 1200);
        if (width < 1) {
            throw new IllegalArgumentException("width must be at least 1, was " + width);
        }
        double lo;
        double hi;
        if (query.containsKey("lo") && query.containsKey("hi")) {
            lo = QueryParams.doubleParam(query, "lo");
            hi = QueryParams.doubleParam(query, "hi");
        } else {
            Contrast c = contrast(rec);
            lo = c.lo();
            hi = c.hi();
        }
        ColourMap map = ColourMap.fromKey(query.getOrDefault("cmap", "gray"));
        String scale = query.getOrDefault("scale", "linear");
        if (!scale.equals("linear") && !scale.equals("log")) {
            throw new IllegalArgumentException("scale must be linear or log, was " + scale);
        }
        Look look = new Look(lo, hi, map, scale.equals("log"));
        return png(render(rec, t0, t1, (int) s0, (int) s1, width, look));
    }

    /**
     * @param img a rendered image
     * @return its PNG bytes
     */
    static byte[] png(BufferedImage img) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a PNG in memory", e);
        }
        return out.toByteArray();
    }

    /** The bins of {@link Contrast#histogram()}: enough to see a lumen's and a background's peaks apart. */
    static final int HISTOGRAM_BINS = 128;

    /**
     * What the contrast controls start from.
     *
     * @param lo the default black: the 0.5th percentile of the sample
     * @param hi the default white: the 99.5th percentile
     * @param min the sample's least finite value
     * @param max its greatest
     * @param histogram the sample's counts in {@link #HISTOGRAM_BINS} equal bins from min to max (max in the last)
     */
    record Contrast(double lo, double hi, double min, double max, long[] histogram) {
    }

    /**
     * The default contrast and the histogram under the sliders, from a sample of the pixels (every line up to
     * 4,000 lines, then evenly spaced blocks of lines), so that a few hot pixels do not wash the image out.
     *
     * @param rec the image
     * @return the sample's percentiles, range and histogram
     */
    static Contrast contrast(ZarrImageReader rec) {
        int[] shape = shape2d(rec);
        int lines = shape[0];
        int pixels = shape[1];
        int step = Math.max(1, lines / 4000);
        double[] sample;
        if (step == 1) {
            sample = rec.loadArray().toDoubleArray();
        } else {
            // Reading evenly spaced blocks of lines keeps the sample cheap on very long scans.
            int blocks = 40;
            int blockLines = Math.max(1, Math.min(lines / blocks, 4000 / blocks));
            sample = new double[blocks * blockLines * pixels];
            for (int b = 0; b < blocks; b++) {
                long first = (long) b * (lines - blockLines) / Math.max(1, blocks - 1);
                double[] part = rec.readRegion(new long[] {first, 0}, new int[] {blockLines, pixels}).toDoubleArray();
                System.arraycopy(part, 0, sample, b * part.length, part.length);
            }
        }
        double[] finite = Arrays.stream(sample).filter(Double::isFinite).sorted().toArray();
        long[] histogram = new long[HISTOGRAM_BINS];
        if (finite.length == 0) {
            return new Contrast(0, 1, 0, 1, histogram);
        }
        double min = finite[0];
        double max = finite[finite.length - 1];
        double width = max > min ? (max - min) / HISTOGRAM_BINS : 1;
        for (double v : finite) {
            histogram[(int) Math.min(HISTOGRAM_BINS - 1, (v - min) / width)]++;
        }
        return new Contrast(percentile(finite, 0.5), percentile(finite, 99.5), min, max, histogram);
    }

    /**
     * @param rec an image
     * @return its {lines, pixels}
     * @throws IllegalArgumentException when it is not 2-D (the viewer shows kymographs only)
     */
    static int[] shape2d(ZarrImageReader rec) {
        int[] shape = rec.arrayInfo().shapeAsInts();
        if (shape.length != 2) {
            throw new IllegalArgumentException("image " + rec.imageId() + " has shape " + Arrays.toString(shape)
                    + "; the viewer shows 2-D kymographs (time, space)");
        }
        return shape;
    }

    private static double percentile(double[] sorted, double q) {
        double pos = q / 100 * (sorted.length - 1);
        int below = (int) Math.floor(pos);
        int above = Math.min(sorted.length - 1, below + 1);
        return sorted[below] + (sorted[above] - sorted[below]) * (pos - below);
    }
}
