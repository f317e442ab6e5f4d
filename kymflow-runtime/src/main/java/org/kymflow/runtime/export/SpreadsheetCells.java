package org.kymflow.runtime.export;

import java.util.ArrayList;
import java.util.List;
import org.kymflow.table.Column;
import org.kymflow.table.ColumnType;
import org.kymflow.table.Table;

/** What CSV written for people (the lab summary, image lists) does to cells a spreadsheet would run. */
public final class SpreadsheetCells {
    private SpreadsheetCells() {
    }

    /**
     * A text cell a spreadsheet would run as a formula ({@code =HYPERLINK(...)}, {@code +}, {@code -}, {@code @},
     * or a leading tab or carriage return) gets a leading apostrophe, as spreadsheet exports do (OWASP's CSV
     * injection advice): sidecar metadata is typed by people and reaches the summary verbatim.
     *
     * @param table a table about to be written as CSV for spreadsheets
     * @return the table with such text cells neutralised; numbers and other cells unchanged
     */
    public static Table withoutFormulas(Table table) {
        List<Column> columns = new ArrayList<>();
        for (int c = 0; c < table.columnCount(); c++) {
            Column column = table.column(c);
            if (table.schema().field(c).type() != ColumnType.STRING) {
                columns.add(column);
                continue;
            }
            Column.Builder b = new Column.Builder(ColumnType.STRING, table.rowCount());
            for (int r = 0; r < table.rowCount(); r++) {
                Object v = column.get(r);
                b.add(v instanceof String text && !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0 ? "'" + text : v);
            }
            columns.add(b.build());
        }
        return Table.of(table.schema(), columns);
    }
}
