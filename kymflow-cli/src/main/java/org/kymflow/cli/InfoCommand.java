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

/** Summarises a dataset from its attributes and table footers (no table is decoded). */
@Command(name = "info", description = "Images, tables, row counts, schema version.")
final class InfoCommand extends DatasetCommand {
    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() {
        List<TableSummary> tables;
        PrintWriter out = out();
        try (DatasetReader ds = openReadOnly()) {
            Map<String, Object> attrs = ds.rootAttrs();
            int images = ds.imageIds().size();
            tables = ds.describeTables();
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("dataset", ds.location());
                m.put("format", attrs.get("format"));
                m.put("schema_version", attrs.get("schema_version"));
                m.put("images", images);
                List<Object> listed = new ArrayList<>();
                for (TableSummary t : tables) {
                    Map<String, Object> table = new LinkedHashMap<>(); // keys in a fixed order
                    table.put("name", t.name());
                    table.put("rows", t.rows());
                    if (t.error() != null) {
                        table.put("error", t.error());
                    }
                    listed.add(table);
                }
                m.put("tables", listed);
                out.println(PythonJson.indented(m, 2, false, false));
            } else {
                out.println("dataset:        " + ds.location());
                out.println("format:         " + attrs.get("format") + " (schema_version " + attrs.get("schema_version") + ")");
                out.println("images:         " + images);
                out.println("tables:");
                tables.forEach(t -> out.printf(t.error() == null ? "  %-24s %d rows%n" : "  %-24s unreadable%n", t.name(), t.rows()));
            }
        }
        return TablesCommand.reportUnreadable(tables, err());
    }
}
