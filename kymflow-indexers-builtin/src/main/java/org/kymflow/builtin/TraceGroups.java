package org.kymflow.builtin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.kymflow.builtin.radon.RadonIndexer;
import org.kymflow.table.Table;

/**
 * The radon rows of one image split into traces, one per ROI and channel, each in window order: what
 * the derived analyses (velocity events, summaries) work on.
 */
public final class TraceGroups {
    private TraceGroups() {
    }

    /**
     * One ROI's trace.
     *
     * @param roiId the ROI
     * @param channel its channel
     * @param rows the radon row numbers of this trace, in window order
     */
    public record Trace(int roiId, int channel, int[] rows) {
    }

    /**
     * @param radon one image's radon rows
     * @return the traces, ordered by ROI id then channel
     */
    public static List<Trace> of(Table radon) {
        Map<Long, List<int[]>> byKey = new TreeMap<>();
        for (int r = 0; r < radon.rowCount(); r++) {
            long key = ((long) radon.getInt(RadonIndexer.ROI_ID, r) << 32) | (radon.getInt(RadonIndexer.CHANNEL, r) & 0xFFFFFFFFL);
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(new int[] {radon.getInt(RadonIndexer.WINDOW, r), r});
        }
        List<Trace> out = new ArrayList<>();
        byKey.forEach((key, rows) -> {
            rows.sort((a, b) -> Integer.compare(a[0], b[0]));
            out.add(new Trace((int) (key >> 32), (int) (long) key, rows.stream().mapToInt(x -> x[1]).toArray()));
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
