package org.kymflow.cli;

import java.util.stream.IntStream;
import org.kymflow.api.Provenance;
import org.kymflow.table.Table;
import org.kymflow.table.TableCsv;
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
            Table t = ds.loadTable(table);
            if (image != null) {
                t = t.filterEquals(Provenance.IMAGE_ID, image);
            }
            if (csv) {
                int n = Math.min(limit, t.rowCount());
                TableCsv.write(t.selectRows(IntStream.range(0, n).toArray()), out());
            } else {
                out().print(t.format(limit));
            }
        }
        return 0;
    }
}
