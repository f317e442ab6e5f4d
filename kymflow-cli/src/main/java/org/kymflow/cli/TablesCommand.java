package org.kymflow.cli;

import java.util.List;
import org.kymflow.zarr.TableInfo;
import org.kymflow.zarr.ZarrDataset;
import picocli.CommandLine.Command;

/** Lists the dataset tables from their Parquet footers. */
@Command(name = "tables", description = "List the dataset tables with row counts.")
final class TablesCommand extends DatasetCommand {
    @picocli.CommandLine.Option(names = "--json", description = "print JSON")
    boolean json;

    @picocli.CommandLine.Option(names = "--wide", description = "list each table's columns too")
    boolean wide;

    @Override
    public Integer call() {
        java.util.List<String> unreadable = new java.util.ArrayList<>();
        try (ZarrDataset ds = openReadOnly()) {
            if (json) {
                java.util.List<Object> tables = new java.util.ArrayList<>();
                for (String t : ds.listTableNames()) {
                    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>(); // keys in a fixed order
                    m.put("name", t);
                    try {
                        TableInfo info = ds.describeTable(t);
                        m.put("rows", info.rowCount());
                        m.put("columns", info.schema().names());
                    } catch (org.kymflow.zarr.ZarrException e) {
                        m.put("rows", null);
                        m.put("error", e.getMessage());
                        unreadable.add(e.getMessage());
                    }
                    tables.add(m);
                }
                out().println(org.kymflow.table.PythonJson.indented(tables, 2, false, false));
                return unreadable.isEmpty() ? 0 : 1;
            }
            for (String t : ds.listTableNames()) {
                try {
                    TableInfo info = ds.describeTable(t);
                    List<String> names = info.schema().names();
                    String line = String.format("%-24s %9d rows  %d columns", t, info.rowCount(), names.size());
                    if (wide) {
                        StringBuilder sb = new StringBuilder();
                        TerminalTable.wrap(sb, line + ": " + String.join(", ", names));
                        out().print(sb);
                    } else {
                        out().println(line);
                    }
                } catch (org.kymflow.zarr.ZarrException e) {
                    out().printf("%-24s unreadable%n", t); // one bad table is named; the rest are still listed
                    unreadable.add(e.getMessage());
                }
            }
            if (!wide && !ds.listTableNames().isEmpty()) {
                out().println("--wide lists each table's columns; 'kymflow show DATASET TABLE' shows its rows");
            }
        }
        unreadable.forEach(why -> err().println("unreadable: " + why));
        return unreadable.isEmpty() ? 0 : 1;
    }
}
