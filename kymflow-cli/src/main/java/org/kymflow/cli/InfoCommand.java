package org.kymflow.cli;

import java.io.PrintWriter;
import java.util.Map;
import org.kymflow.zarr.ZarrDataset;
import picocli.CommandLine.Command;

/** Summarises a dataset from its attributes and table footers (no table is decoded). */
@Command(name = "info", description = "Images, tables, row counts, schema version.")
final class InfoCommand extends DatasetCommand {
    @picocli.CommandLine.Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() {
        java.util.List<String> unreadable = new java.util.ArrayList<>(); // one bad table is named; the rest still shown
        try (ZarrDataset ds = openReadOnly()) {
            PrintWriter out = out();
            Map<String, Object> attrs = ds.rootAttrs();
            if (json) {
                Map<String, Object> m = new java.util.LinkedHashMap<>();
                m.put("dataset", ds.location());
                m.put("format", attrs.get("format"));
                m.put("schema_version", attrs.get("schema_version"));
                m.put("images", ds.listImageIds().size());
                java.util.List<Object> tables = new java.util.ArrayList<>();
                for (String t : ds.listTableNames()) {
                    Map<String, Object> table = new java.util.LinkedHashMap<>(); // keys in a fixed order
                    table.put("name", t);
                    try {
                        table.put("rows", ds.describeTable(t).rowCount());
                    } catch (org.kymflow.zarr.ZarrException e) {
                        table.put("rows", null);
                        table.put("error", e.getMessage());
                        unreadable.add(e.getMessage());
                    }
                    tables.add(table);
                }
                m.put("tables", tables);
                out.println(org.kymflow.table.PythonJson.indented(m, 2, false, false));
                return unreadable.isEmpty() ? 0 : 1;
            }
            out.println("dataset:        " + ds.location());
            out.println("format:         " + attrs.get("format") + " (schema_version " + attrs.get("schema_version") + ")");
            out.println("images:         " + ds.listImageIds().size());
            out.println("tables:");
            for (String t : ds.listTableNames()) {
                try {
                    out.printf("  %-24s %d rows%n", t, ds.describeTable(t).rowCount());
                } catch (org.kymflow.zarr.ZarrException e) {
                    out.printf("  %-24s unreadable%n", t);
                    unreadable.add(e.getMessage());
                }
            }
        }
        unreadable.forEach(why -> err().println("unreadable: " + why));
        return unreadable.isEmpty() ? 0 : 1;
    }
}
