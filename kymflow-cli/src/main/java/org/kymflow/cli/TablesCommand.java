package org.kymflow.cli;

import org.kymflow.zarr.TableInfo;
import org.kymflow.zarr.ZarrDataset;
import picocli.CommandLine.Command;

/** Lists the dataset tables from their Parquet footers. */
@Command(name = "tables", description = "List the dataset tables with row counts.")
final class TablesCommand extends DatasetCommand {
    @picocli.CommandLine.Option(names = "--json", description = "print JSON")
    boolean json;

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
                    out().printf("%-24s %8d rows  %s%n", t, info.rowCount(), info.schema().names());
                } catch (org.kymflow.zarr.ZarrException e) {
                    out().printf("%-24s unreadable%n", t); // one bad table is named; the rest are still listed
                    unreadable.add(e.getMessage());
                }
            }
        }
        unreadable.forEach(why -> err().println("unreadable: " + why));
        return unreadable.isEmpty() ? 0 : 1;
    }
}
