package org.kymflow.cli;

import java.util.ArrayList;
import java.util.List;
import org.kymflow.api.Provenance;
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
        return format(t, total, wide, List.of());
    }

    /**
     * @param t the rows
     * @param total how many rows there are in all (more than shown: a line says so)
     * @param wide every column in the table's order, ids whole
     * @param keyColumns the columns a person reads first, shown after the image columns when not wide
     * @return the table, one line per row, at most {@link #WIDTH} characters wide unless wide
     */
    static String format(Table t, long total, boolean wide, List<String> keyColumns) {
        if (!wide && !keyColumns.isEmpty()) {
            t = keyColumnsFirst(t, keyColumns);
        }
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
        boolean full = false;
        for (int c = 0; c < cols; c++) {
            int w = widths[c] + (shown.isEmpty() ? 0 : 2);
            boolean provenance = header[c].equals("analysis_version") || header[c].equals("params_hash");
            full |= !wide && !provenance && used + w > WIDTH && !shown.isEmpty(); // columns come by importance: stop at the first that does not fit
            if (!wide && (provenance || full)) {
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
            wrap(sb, "... " + hidden.size() + " more columns (--wide shows them): " + String.join(", ", hidden));
        }
        return sb.toString();
    }

    /**
     * A builder of a table of text cells, for listings that are made for people (not data).
     *
     * @param columns the column names, in order
     * @return a row builder whose rows take any values, written as text
     */
    static Table.RowBuilder textTable(String... columns) {
        List<org.kymflow.table.Field> fields = new ArrayList<>();
        for (String name : columns) {
            fields.add(org.kymflow.table.Field.required(name, org.kymflow.table.ColumnType.STRING));
        }
        return Table.builder(new org.kymflow.table.Schema(fields));
    }

    /** The image columns, then the key columns, then the rest, each group in the table's order. */
    private static Table keyColumnsFirst(Table t, List<String> keyColumns) {
        List<String> order = new ArrayList<>();
        for (String name : List.of(Provenance.IMAGE_ID, "file")) {
            if (t.hasColumn(name)) {
                order.add(name);
            }
        }
        for (String name : keyColumns) {
            if (t.hasColumn(name) && !order.contains(name)) {
                order.add(name);
            }
        }
        for (String name : t.schema().names()) {
            if (!order.contains(name)) {
                order.add(name);
            }
        }
        return t.selectColumns(order);
    }

    private static void line(StringBuilder sb, String[] values, List<Integer> shown, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < shown.size(); i++) {
            int c = shown.get(i);
            line.append(i == 0 ? "" : "  ").append(String.format("%-" + widths[c] + "s", values[c]));
        }
        sb.append(line.toString().stripTrailing()).append('\n');
    }

    /**
     * Appends text as lines of at most {@link #WIDTH} characters, broken after a comma or space; later lines
     * are indented by four spaces.
     *
     * @param sb where to append
     * @param text the text
     */
    static void wrap(StringBuilder sb, String text) {
        wrap(sb, text, "", "    ");
    }

    /**
     * Appends text as lines of at most {@link #WIDTH} characters, broken at spaces.
     *
     * @param sb where to append
     * @param text the text
     * @param first the first line's indent
     * @param next the later lines' indent
     */
    static void wrap(StringBuilder sb, String text, String first, String next) {
        String rest = text;
        String indent = first;
        while (indent.length() + rest.length() > WIDTH) {
            int room = WIDTH - indent.length();
            int cut = rest.lastIndexOf(' ', room);
            if (cut <= 0) {
                cut = room; // one word longer than a line: cut it
            }
            sb.append(indent).append(rest, 0, cut).append('\n');
            rest = rest.substring(cut).stripLeading();
            indent = next;
        }
        sb.append(indent).append(rest).append('\n');
    }

    private static String cell(Object v, String column, boolean wide) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Double d) {
            return Double.isNaN(d) || Double.isInfinite(d) ? d.toString() : String.format("%.6g", d).replaceFirst("\\.?0+(e|$)", "$1");
        }
        String s = v.toString();
        if (!wide && (column.equals(Provenance.IMAGE_ID) || column.equals("params_hash") || column.equals("run_id")) && s.length() > 8) {
            return s.substring(0, 8); // a prefix that --image and show --image accept
        }
        return s;
    }
}
