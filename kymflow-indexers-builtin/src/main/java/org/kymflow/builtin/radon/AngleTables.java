package org.kymflow.builtin.radon;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * scikit-image's rotation of one window shape, angle by angle: zero-pad the window to an N x N square
 * (N = ceil(sqrt(2) max(H, W))) and rotate about N//2 with bilinear interpolation. Per angle (built when
 * first needed) and per output column, it keeps the output pixels that touch the data: the top-left
 * neighbour's index into the window padded with a one-pixel zero border (so all four neighbours index
 * directly, no branches) and the two interpolation weights. {@link RadonKernel} sums them.
 */
final class AngleTables {
    final int height;
    final int width;
    final int size; // N
    final int paddedWidth;
    private final int center;
    private final int padRows; // zero rows skimage puts above the window
    private final int padColumns; // zero columns it puts left of it
    /** Per angle, its table once some window has needed it: the coarse angles, and fine ones near real streaks. */
    private final AtomicReferenceArray<AngleTable> tables = new AtomicReferenceArray<>(RadonKernel.MAX_QUARTER - RadonKernel.MIN_QUARTER + 1);

    /**
     * The output pixels of one angle that touch the data, column by column in row order.
     *
     * @param columnStart N + 1 offsets into the entries, by output column
     * @param topLeft per entry, the padded index of the top-left neighbour
     * @param weights per entry, dc and dr
     */
    record AngleTable(int[] columnStart, int[] topLeft, double[] weights) {
    }

    AngleTables(int height, int width) {
        this.height = height;
        this.width = width;
        this.paddedWidth = width + 2;
        double diagonal = Math.sqrt(2) * Math.max(height, width);
        int[] shape = {height, width};
        int[] padBefore = new int[2];
        int n = 0;
        for (int i = 0; i < 2; i++) {
            int pad = (int) Math.ceil(diagonal - shape[i]);
            padBefore[i] = (shape[i] + pad) / 2 - shape[i] / 2; // skimage: new centre - old centre
            n = shape[i] + pad;
        }
        this.size = n;
        this.center = n / 2;
        this.padRows = padBefore[0];
        this.padColumns = padBefore[1];
    }

    /**
     * The table of one angle, built on first use: a window's fine search needs only the quarter degrees
     * around its streak, so most of the 736 angles are never built (building all of them was a tenth of
     * a second per window shape, before any window was scored). Two threads may build the same table at
     * once; both build the same arrays, and the first stored is kept.
     */
    AngleTable table(int quarter) {
        int a = quarter - RadonKernel.MIN_QUARTER;
        AngleTable table = tables.get(a);
        if (table == null) {
            tables.compareAndSet(a, null, build(quarter));
            table = tables.get(a);
        }
        return table;
    }

    private AngleTable build(int quarter) {
        int n = size;
        double angle = (quarter / 4.0) * (Math.PI / 180.0); // numpy deg2rad: x * (pi / 180)
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        double m02 = -center * (cos + sin - 1);
        double m12 = -center * (cos - sin - 1);
        int[] starts = new int[n + 1];
        int[] tlBuf = new int[n * n];
        double[] wBuf = new double[n * n * 2];
        int count = 0;
        for (int c = 0; c < n; c++) { // column-major: each column's pixels in row order, as numpy sums them
            starts[c] = count;
            count = buildColumn(c, cos, sin, m02, m12, tlBuf, wBuf, count);
        }
        starts[n] = count;
        return new AngleTable(starts, Arrays.copyOf(tlBuf, count), Arrays.copyOf(wBuf, 2 * count));
    }

    /**
     * Appends one output column's entries from {@code count} on. A method per column, not per angle: the
     * first hundred or so tables are built before the JIT compiles a method whose single call runs for long,
     * and a call per column gets it compiled after a few tables instead (a tenth of a second less on one core).
     *
     * @return the count after the column
     */
    private int buildColumn(int c, double cos, double sin, double m02, double m12, int[] tlBuf, double[] wBuf,
                            int count) {
        // only rows near the data: x and y are linear in r, so the rows whose point can touch the window
        // (x in (padColumns - 1, padColumns + width), y likewise) form one interval; two rows of margin
        // keep every row the exact test below would accept
        double[] xRange = rows(cos * c + m02, sin, padColumns - 1, padColumns + width);
        double[] yRange = rows(-sin * c + m12, cos, padRows - 1, padRows + height);
        double rFrom = Math.max(0, Math.max(xRange[0], yRange[0]) - 2);
        double rTo = Math.min(size - 1, Math.min(xRange[1], yRange[1]) + 2);
        for (int r = (int) Math.ceil(rFrom); r <= rTo; r++) {
            double x = cos * c + sin * r + m02; // input column (skimage's affine map, same order)
            double y = -sin * c + cos * r + m12; // input row
            // floor and ceil by hand: exact for the few hundred pixels of a square, and no call each in the
            // interpreter, where the first tables are built
            long floorY = (long) y > y ? (long) y - 1 : (long) y;
            long floorX = (long) x > x ? (long) x - 1 : (long) x;
            // window coordinates of the neighbours: rows floor(y) and ceil(y), columns floor(x) and ceil(x)
            long wr = floorY - padRows;
            long wrMax = (floorY < y ? floorY + 1 : floorY) - padRows;
            long wc = floorX - padColumns;
            long wcMax = (floorX < x ? floorX + 1 : floorX) - padColumns;
            boolean rowInside = (wr >= 0 && wr < height) || (wrMax >= 0 && wrMax < height);
            boolean colInside = (wc >= 0 && wc < width) || (wcMax >= 0 && wcMax < width);
            if (!rowInside || !colInside) {
                continue; // all four neighbours are zero padding: the value is exactly zero
            }
            tlBuf[count] = (int) ((wr + 1) * paddedWidth + (wc + 1));
            wBuf[2 * count] = x - floorX; // dc
            wBuf[2 * count + 1] = y - floorY; // dr
            count++;
        }
        return count;
    }

    /**
     * @return the interval of r where {@code lo < base + slope * r < hi}, or all rows when the slope is
     *     too small to bound it
     */
    private static double[] rows(double base, double slope, double lo, double hi) {
        if (Math.abs(slope) < 1e-6) {
            return new double[] {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY};
        }
        double a = (lo - base) / slope;
        double b = (hi - base) / slope;
        return new double[] {Math.min(a, b), Math.max(a, b)};
    }
}
