package org.kymflow.cli;

import java.io.PrintWriter;
import java.util.Map;
import org.kymflow.zarr.ZarrDataset;
import picocli.CommandLine.Command;

/** Summarises a dataset from its attributes and table footers (no table is decoded). */
@Command(name = "info", mixinStandardHelpOptions = true, description = "Images, tables, row counts, schema version.")
final class InfoCommand extends DatasetCommand {
    @Override
    public Integer call() {
        try (ZarrDataset ds = openReadOnly()) {
            PrintWriter out = out();
            Map<String, Object> attrs = ds.rootAttrs();
            out.println("dataset:        " + ds.location());
            out.println("format:         " + attrs.get("format") + " (schema_version " + attrs.get("schema_version") + ")");
            out.println("images:         " + ds.listImageIds().size());
            out.println("tables:");
            for (String t : ds.listTableNames()) {
                out.printf("  %-24s %d rows%n", t, ds.describeTable(t).rowCount());
            }
        }
        return 0;
    }
}
