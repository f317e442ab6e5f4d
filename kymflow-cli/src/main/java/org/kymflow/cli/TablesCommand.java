package org.kymflow.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kymflow.runtime.DatasetReader;
import org.kymflow.runtime.TableSummary;
import org.kymflow.table.PythonJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Lists the dataset tables from their Parquet footers. */
@Command(name = "tables", description = "List the dataset tables with row counts.")
final class TablesCommand extends DatasetCommand {
    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Option(names = "--wide", description = "list each table's columns too")
    boolean wide;

    @Override
    public Integer call() {
        List<TableSummary> tables;
        try (DatasetReader ds = openReadOnly()) {
            tables = ds.describeTables();
        }
        PrintWriter out = out();
        if (json) {
            List<Object> listed = new ArrayList<>();
            for (TableSummary t : tables) {
                Map<String, Object> m = new LinkedHashMap<>(); // keys in a fixed order
                m.put("name", t.name());
                m.put("rows", t.rows());
                m.put(t.error() == null ? "columns" : "error", t.error() == null ? t.columns() : t.error());
                listed.add(m);
            }
            out.println(PythonJson.indented(listed, 2, false, false));
        } else {
            for (TableSummary t : tables) {
                if (t.error() != null) {
                    out.printf("%-24s unreadable%n", t.name()); // one bad table is named; the rest are still listed
                    continue;
                }
                String line = String.format("%-24s %9d rows  %d columns", t.name(), t.rows(), t.columns().size());
                if (wide) {
                    StringBuilder sb = new StringBuilder();
                    TerminalTable.wrap(sb, line + ": " + String.join(", ", t.columns()));
                    out.print(sb);
                } else {
                    out.println(line);
                }
            }
            if (!wide && !tables.isEmpty()) {
                out.println("--wide lists each table's columns; 'kymflow show DATASET TABLE' shows its rows");
            }
        }
        return reportUnreadable(tables, err());
    }

    /**
     * @param tables the tables listed
     * @param err where to name the unreadable ones
     * @return the exit code: 1 when a table could not be read
     */
    static int reportUnreadable(List<TableSummary> tables, PrintWriter err) {
        tables.stream().filter(t -> t.error() != null).forEach(t -> err.println("unreadable: " + t.error()));
        return tables.stream().anyMatch(t -> t.error() != null) ? 1 : 0;
    }
}
