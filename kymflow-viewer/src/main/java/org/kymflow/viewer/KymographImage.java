package org.kymflow.viewer;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.kymflow.zarr.NdArray;
import org.kymflow.zarr.ZarrImageReader;

/**
 * Renders a time range of a kymograph as a greyscale PNG at screen resolution: time runs left to right
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
     * The grey levels of a range, before PNG encoding (kept separate so that tests can check pixel values).
     *
     * @param rec the image (2-D, axis 0 time, axis 1 space)
     * @param firstLine first line, inclusive
     * @param endLine last line, exclusive
     * @param width the most output columns
     * @param lo the pixel value shown black
     * @param hi the pixel value shown white
     * @return the rendered image
     */
    static BufferedImage render(ZarrImageReader rec, long firstLine, long endLine, int width, double lo, double hi) {
        int[] shape = shape2d(rec);
        int lines = (int) (endLine - firstLine);
        int pixels = shape[1];
        int columns = Math.max(1, Math.min(Math.min(width, MAX_WIDTH), lines));
        NdArray region = rec.readRegion(new long[] {firstLine, 0}, new int[] {lines, pixels});
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
        BufferedImage img = new BufferedImage(columns, pixels, BufferedImage.TYPE_BYTE_GRAY);
        byte[] grey = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        double span = hi > lo ? hi - lo : 1;
        for (int c = 0; c < columns; c++) {
            for (int p = 0; p < pixels; p++) {
                double mean = sums[c * pixels + p] / counts[c];
                long level = Math.round((mean - lo) / span * 255);
                grey[p * columns + c] = (byte) Math.max(0, Math.min(255, level));
            }
        }
        return img;
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

    /**
     * The default contrast: the 0.5th and 99.5th percentiles of a sample of the pixels (every line up to
     * 4,000 lines, then evenly spaced lines), so a few hot pixels do not wash the image out.
     *
     * @param rec the image
     * @return {lo, hi, min, max} of the sample
     */
    static double[] contrast(ZarrImageReader rec) {
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
        if (finite.length == 0) {
            return new double[] {0, 1, 0, 1};
        }
        return new double[] {percentile(finite, 0.5), percentile(finite, 99.5), finite[0], finite[finite.length - 1]};
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
