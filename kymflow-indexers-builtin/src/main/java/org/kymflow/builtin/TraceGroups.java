package org.kymflow.builtin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.kymflow.builtin.radon.RadonIndexer;
import org.kymflow.table.Table;

/**
 * One image's rows of a per-ROI table split into traces, one per ROI and channel, each in time order: radon's
 * windows for the derived analyses (velocity events, heart rate, summaries), diameter's lines for its summary.
 */
public final class TraceGroups {
    private TraceGroups() {
    }

    /**
     * One ROI's trace.
     *
     * @param roiId the ROI
     * @param channel its channel
     * @param rows the row numbers of this trace, in time order
     */
    public record Trace(int roiId, int channel, int[] rows) {
    }

    /**
     * @param radon one image's radon rows
     * @return the traces, ordered by ROI id then channel
     */
    public static List<Trace> of(Table radon) {
        return of(radon, RadonIndexer.WINDOW);
    }

    /**
     * @param rows one image's rows of a table with {@code roi_id} and {@code channel} columns
     * @param order an INT column that orders a trace's rows in time (radon's window, diameter's centre row)
     * @return the traces, ordered by ROI id then channel
     */
    public static List<Trace> of(Table rows, String order) {
        Map<Long, List<int[]>> byKey = new TreeMap<>();
        for (int r = 0; r < rows.rowCount(); r++) {
            long key = ((long) rows.getInt(RadonIndexer.ROI_ID, r) << 32) | (rows.getInt(RadonIndexer.CHANNEL, r) & 0xFFFFFFFFL);
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(new int[] {rows.getInt(order, r), r});
        }
        List<Trace> out = new ArrayList<>();
        byKey.forEach((key, ordered) -> {
            ordered.sort((a, b) -> Integer.compare(a[0], b[0]));
            out.add(new Trace((int) (key >> 32), (int) (long) key, ordered.stream().mapToInt(x -> x[1]).toArray()));
        });
        return out;
    }

    /**
     * @param radon the rows
     * @param column a DOUBLE column
     * @param trace the trace
     * @return the column's values along the trace
     */
    public static double[] values(Table radon, String column, Trace trace) {
        double[] out = new double[trace.rows().length];
        for (int i = 0; i < out.length; i++) {
            out[i] = radon.getDouble(column, trace.rows()[i]);
        }
        return out;
    }
}
