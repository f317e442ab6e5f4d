package org.kymflow.cli;

import java.util.List;
import java.util.Set;
import org.kymflow.table.Table;
import org.kymflow.table.TableCsv;
import org.kymflow.zarr.ImageRows;
import org.kymflow.zarr.ZarrDataset;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Prints a table's rows. */
@Command(name = "show", mixinStandardHelpOptions = true, description = "Print a table's rows.")
final class ShowCommand extends DatasetCommand {
    @Parameters(index = "1", paramLabel = "TABLE", description = "table name, e.g. kym_radon")
    String table;

    @Option(names = "--image", paramLabel = "ID", description = "only this image's rows")
    String image;

    @Option(names = "--limit", paramLabel = "N", description = "rows to print (default 20)")
    int limit = 20;

    @Option(names = "--csv", description = "print CSV (all selected rows up to --limit)")
    boolean csv;

    @Override
    public Integer call() {
        if (limit < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--limit must be at least 1, was " + limit);
        }
        try (ZarrDataset ds = openReadOnly()) {
            // reads only the row groups that can hold the image, and stops after the rows it prints
            Set<String> only = image == null ? null : ImageNames.resolve(ds, List.of(image));
            Table t = ds.loadTableRows(table, only, null, limit);
            if (csv) {
                TableCsv.write(t, out());
            } else {
                long total = only == null ? ds.describeTable(table).rowCount()
                        : ds.tableImageIndex(table, List.of()).values().stream().filter(i -> only.contains(i.imageId()))
                        .mapToLong(ImageRows::rowCount).sum();
                out().print(t.format(limit));
                if (total > t.rowCount()) {
                    out().printf("... %d more rows%n", total - t.rowCount());
                }
            }
        }
        return 0;
    }
}
