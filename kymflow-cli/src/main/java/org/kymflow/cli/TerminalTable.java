package org.kymflow.cli;

import java.util.ArrayList;
import java.util.List;
import org.kymflow.table.Table;

/**
 * A table for people at a terminal: numbers at a readable precision (CSV and JSON keep every digit), ids
 * and hashes shortened to a prefix that still resolves, and only the columns that fit 80 characters
 * unless wide.
 */
final class TerminalTable {
    static final int WIDTH = 80;

    private TerminalTable() {
    }

    static String format(Table t, long total, boolean wide) {
        int cols = t.columnCount();
        List<String[]> cells = new ArrayList<>();
        String[] header = new String[cols];
        int[] widths = new int[cols];
        for (int c = 0; c < cols; c++) {
            header[c] = t.schema().field(c).name();
            widths[c] = header[c].length();
        }
        for (int r = 0; r < t.rowCount(); r++) {
            String[] row = new String[cols];
            for (int c = 0; c < cols; c++) {
                row[c] = cell(t.column(c).get(r), header[c], wide);
                widths[c] = Math.max(widths[c], row[c].length());
            }
            cells.add(row);
        }
        List<Integer> shown = new ArrayList<>();
        int used = 0;
        List<String> hidden = new ArrayList<>();
        for (int c = 0; c < cols; c++) {
            int w = widths[c] + (shown.isEmpty() ? 0 : 2);
            boolean provenance = header[c].equals("analysis_version") || header[c].equals("params_hash");
            if (!wide && (provenance || used + w > WIDTH && !shown.isEmpty())) {
                hidden.add(header[c]); // the stamps matter to the runtime more than to a reader
                continue;
            }
            shown.add(c);
            used += w;
        }
        StringBuilder sb = new StringBuilder();
        line(sb, header, shown, widths);
        for (String[] row : cells) {
            line(sb, row, shown, widths);
        }
        if (total > t.rowCount()) {
            sb.append("... ").append(total - t.rowCount()).append(" more rows (--limit N, or --csv / --json for all)\n");
        }
        if (!hidden.isEmpty()) {
            sb.append("... ").append(hidden.size()).append(" more columns: ").append(String.join(", ", hidden))
                    .append(" (--wide shows them)\n");
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, String[] values, List<Integer> shown, int[] widths) {
        for (int i = 0; i < shown.size(); i++) {
            int c = shown.get(i);
            sb.append(i == 0 ? "" : "  ").append(String.format("%-" + widths[c] + "s", values[c]));
        }
        sb.append('\n');
    }

    private static String cell(Object v, String column, boolean wide) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Double d) {
            return Double.isNaN(d) || Double.isInfinite(d) ? d.toString() : String.format("%.6g", d).replaceFirst("\\.?0+(e|$)", "$1");
        }
        String s = v.toString();
        if (!wide && (column.equals("image_id") || column.equals("params_hash") || column.equals("run_id")) && s.length() > 8) {
            return s.substring(0, 8); // a prefix that --image and show --image accept
        }
        return s;
    }
}
