package org.kymflow.table;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 CSV for tables: a header row, then one line per row; nulls are empty cells.
 *
 * <p>Reading infers each column's type as pandas does for these simple cases: all integers give LONG,
 * all numbers (including {@code NaN}, {@code inf}) give DOUBLE, {@code True/False} give BOOLEAN,
 * anything else STRING; empty cells are nulls.
 */
public final class TableCsv {
    private TableCsv() {
    }

    /**
     * Writes a table as CSV.
     *
     * @param table the table
     * @param out where to write; not closed
     * @throws UncheckedIOException when writing fails
     */
    public static void write(Table table, Writer out) {
        writeHeader(table.schema(), out);
        writeRows(table, out);
    }

    /**
     * Writes the header row alone, for a table written in parts with {@link #writeRows}.
     *
     * @param schema the columns
     * @param out where to write; not closed
     * @throws UncheckedIOException when writing fails
     */
    public static void writeHeader(Schema schema, Writer out) {
        try {
            List<String> names = schema.names();
            for (int c = 0; c < names.size(); c++) {
                out.write(c == 0 ? "" : ",");
                out.write(quote(names.get(c)));
            }
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write CSV: " + e.getMessage(), e);
        }
    }

    /**
     * Writes rows without a header, so a large table can be written one part at a time.
     *
     * @param table the rows; their columns in the order of the header written before
     * @param out where to write; not closed
     * @throws UncheckedIOException when writing fails
     */
    public static void writeRows(Table table, Writer out) {
        try {
            List<String> names = table.schema().names();
            for (int r = 0; r < table.rowCount(); r++) {
                for (int c = 0; c < names.size(); c++) {
                    out.write(c == 0 ? "" : ",");
                    Column column = table.column(c);
                    if (!column.isNull(r)) {
                        out.write(format(column, r));
                    }
                }
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write CSV: " + e.getMessage(), e);
        }
    }

    private static String format(Column column, int row) {
        return switch (column.type()) {
            case STRING -> quote(column.getString(row));
            case BOOLEAN -> column.getBoolean(row) ? "True" : "False";
            default -> String.valueOf(column.get(row));
        };
    }

    private static String quote(String s) {
        if (s.isEmpty()) {
            return "\"\""; // keeps an empty string apart from a null
        }
        boolean needs = s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0;
        return needs ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }

    /**
     * Reads CSV with a header row into a table, inferring column types.
     *
     * @param in the CSV text; not closed
     * @return the table
     * @throws IllegalArgumentException when a line has the wrong number of cells, naming the line
     * @throws UncheckedIOException when reading fails
     */
    public static Table read(Reader in) {
        List<List<String>> lines = parse(in);
        if (lines.isEmpty()) {
            return Table.columnBuilder().build();
        }
        List<String> header = lines.get(0);
        int width = header.size();
        if (width != 1) {
            // a blank line cannot be a row of several columns: tolerated, as before, and skipped
            lines.removeIf(l -> l != header && l.size() == 1 && l.get(0) == null);
        }
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).size() != width) {
                throw new IllegalArgumentException("CSV line " + (i + 1) + " has " + lines.get(i).size()
                        + " cells but the header has " + width);
            }
        }
        Table.ColumnBuilder builder = Table.columnBuilder();
        for (int c = 0; c < width; c++) {
            ColumnType type = infer(lines, c);
            Column.Builder column = new Column.Builder(type, lines.size());
            for (int r = 1; r < lines.size(); r++) {
                String cell = lines.get(r).get(c);
                column.add(cell == null ? null : convert(type, cell));
            }
            builder.add(Field.of(header.get(c), type), column.build());
        }
        return builder.build();
    }

    private static ColumnType infer(List<List<String>> lines, int c) {
        boolean allLong = true;
        boolean allDouble = true;
        boolean allBool = true;
        boolean any = false;
        for (int r = 1; r < lines.size(); r++) {
            String cell = lines.get(r).get(c);
            if (cell == null) {
                continue;
            }
            any = true;
            allLong &= parsesLong(cell);
            allDouble &= parseDouble(cell) != null;
            allBool &= cell.equals("True") || cell.equals("False");
        }
        if (!any) {
            return ColumnType.STRING;
        }
        return allLong ? ColumnType.LONG : allDouble ? ColumnType.DOUBLE : allBool ? ColumnType.BOOLEAN
                : ColumnType.STRING;
    }

    private static boolean parsesLong(String s) {
        try {
            Long.parseLong(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static Double parseDouble(String s) {
        switch (s) {
            case "NaN", "nan" -> {
                return Double.NaN;
            }
            case "inf", "Infinity" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-inf", "-Infinity" -> {
                return Double.NEGATIVE_INFINITY;
            }
            default -> {
                try {
                    return Double.parseDouble(s);
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
    }

    private static Object convert(ColumnType type, String cell) {
        return switch (type) {
            case LONG -> Long.parseLong(cell);
            case DOUBLE -> parseDouble(cell);
            case BOOLEAN -> cell.equals("True");
            default -> cell;
        };
    }

    /** Splits CSV text into lines of cells; an unquoted empty cell is null, a quoted one "". */
    private static List<List<String>> parse(Reader in) {
        String text;
        try {
            StringBuilder all = new StringBuilder();
            char[] buffer = new char[8192];
            int n;
            while ((n = in.read(buffer)) != -1) {
                all.append(buffer, 0, n);
            }
            text = all.toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read CSV: " + e.getMessage(), e);
        }
        List<List<String>> lines = new ArrayList<>();
        List<String> line = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean wasQuoted = false;
        int i = 0;
        int length = text.length();
        while (i < length) {
            char c = text.charAt(i++);
            if (c == '"' && cell.length() == 0 && !wasQuoted) {
                wasQuoted = true;
                while (true) {
                    if (i >= length) {
                        throw new IllegalArgumentException("CSV ends inside a quoted cell (line " + (lines.size() + 1) + ")");
                    }
                    char q = text.charAt(i++);
                    if (q == '"') {
                        if (i < length && text.charAt(i) == '"') {
                            cell.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        cell.append(q);
                    }
                }
            } else if (c == ',') {
                line.add(cell.length() == 0 && !wasQuoted ? null : cell.toString());
                cell.setLength(0);
                wasQuoted = false;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i < length && text.charAt(i) == '\n') {
                    i++;
                }
                line.add(cell.length() == 0 && !wasQuoted ? null : cell.toString());
                lines.add(line); // a blank line too: in a one-column table it is a row holding null
                line = new ArrayList<>();
                cell.setLength(0);
                wasQuoted = false;
            } else {
                cell.append(c);
            }
        }
        if (cell.length() > 0 || wasQuoted || !line.isEmpty()) {
            line.add(cell.length() == 0 && !wasQuoted ? null : cell.toString());
            lines.add(line);
        }
        return lines;
    }
}
