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
        try (ZarrDataset ds = openReadOnly()) {
            if (json) {
                java.util.List<Object> tables = new java.util.ArrayList<>();
                for (String t : ds.listTableNames()) {
                    TableInfo info = ds.describeTable(t);
                    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>(); // keys in a fixed order
                    m.put("name", t);
                    m.put("rows", info.rowCount());
                    m.put("columns", info.schema().names());
                    tables.add(m);
                }
                out().println(org.kymflow.table.PythonJson.indented(tables, 2, false, false));
                return 0;
            }
            for (String t : ds.listTableNames()) {
                TableInfo info = ds.describeTable(t);
                out().printf("%-24s %8d rows  %s%n", t, info.rowCount(), info.schema().names());
            }
        }
        return 0;
    }
}
