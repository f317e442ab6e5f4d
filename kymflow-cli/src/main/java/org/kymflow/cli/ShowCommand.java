package org.kymflow.cli;

import java.util.List;
import java.util.Set;
import org.kymflow.api.Provenance;
import org.kymflow.runtime.DatasetReader;
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
                out().print(TerminalTable.format(withFileNames(t, ds.fileNames()), total, wide, keyColumns(ds)));
            }
        }
        return 0;
    }

    /** The columns the table's indexer says a person reads first; none for other tables or unknown indexers. */
    private List<String> keyColumns(DatasetReader ds) {
        if (!table.startsWith(org.kymflow.runtime.NamePolicy.TABLE_PREFIX)) {
            return List.of();
        }
        String name = table.substring(org.kymflow.runtime.NamePolicy.TABLE_PREFIX.length());
        org.kymflow.runtime.IndexerCatalog catalog = plugins.discover();
        if (catalog.find(name).filter(org.kymflow.runtime.CatalogEntry::isLoaded).isEmpty()) {
            return List.of();
        }
        try {
            return catalog.create(name, ds.config().paramsFor(name)).keyColumns();
        } catch (IllegalArgumentException e) {
            return List.of(); // params of another version: the order of columns is not worth failing for
        }
    }

    /** For people: the source file's name beside each image id (CSV and JSON keep the table as it is). */
    private static Table withFileNames(Table t, java.util.Map<String, String> files) {
        if (!t.hasColumn(Provenance.IMAGE_ID) || t.hasColumn("file") || files.isEmpty()) {
            return t;
        }
        Table.ColumnBuilder b = Table.columnBuilder();
        for (int c = 0; c < t.columnCount(); c++) {
            b.add(t.schema().field(c), t.column(c));
            if (t.schema().field(c).name().equals(Provenance.IMAGE_ID)) {
                String[] names = new String[t.rowCount()];
                for (int r = 0; r < names.length; r++) {
                    names[r] = files.get(t.getString(Provenance.IMAGE_ID, r));
                }
                b.addStrings("file", names);
            }
        }
        return b.build();
    }
}
