package org.kymflow.cli;

import java.util.List;
import java.util.Set;
import org.kymflow.runtime.DatasetReader;
import org.kymflow.runtime.ImageNames;
import org.kymflow.table.PythonJson;
import org.kymflow.table.Table;
import org.kymflow.table.TableCsv;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Prints a table's rows. */
@Command(name = "show", description = "Print a table's rows.")
final class ShowCommand extends DatasetCommand {
    @Parameters(index = "1", paramLabel = "TABLE", description = "table name, e.g. kym_radon")
    String table;

    @Option(names = "--image", paramLabel = "ID", description = "only this image's rows")
    String image;

    @Option(names = "--limit", paramLabel = "N", description = "rows to print (default: 20 in the terminal, every row with --csv or --json)")
    Integer limit;

    @Option(names = "--csv", description = "print CSV: every selected row unless --limit says otherwise")
    boolean csv;

    @Option(names = "--wide", description = "all columns and whole ids in the terminal table (default: what fits 80 columns)")
    boolean wide;

    @Option(names = "--json", description = "print JSON, one object per row: every selected row unless --limit says otherwise")
    boolean json;

    @CommandLine.Mixin
    PluginsOption plugins;

    @Override
    public Integer call() {
        if (limit != null && limit < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--limit must be at least 1, was " + limit);
        }
        long rowsWanted = limit != null ? limit : csv || json ? Long.MAX_VALUE : 20;
        try (DatasetReader ds = openReadOnly()) {
            // reads only the row groups that can hold the image, and stops after the rows it prints
            Set<String> only = image == null ? null : ds.resolve(List.of(image));
            Table t = ds.tableRows(table, only, null, rowsWanted);
            if (csv) {
                TableCsv.write(t, out());
            } else if (json) {
                List<java.util.Map<String, Object>> rows = new java.util.ArrayList<>();
                for (int r = 0; r < t.rowCount(); r++) {
                    rows.add(t.row(r));
                }
                out().println(PythonJson.indented(rows, 2, false, false));
            } else {
                long total = only == null ? ds.tableRowCount(table) : ds.tableRowCount(table, only);
                out().print(TerminalTable.format(ImageNames.withFileNames(t, ds.fileNames()), total, wide,
                        plugins.discover().keyColumns(table, ds.config())));
            }
        }
        return 0;
    }
}
