package org.kymflow.cli;

import org.kymflow.zarr.TableInfo;
import org.kymflow.zarr.ZarrDataset;
import picocli.CommandLine.Command;

/** Lists the dataset tables from their Parquet footers. */
@Command(name = "tables", mixinStandardHelpOptions = true, description = "List the dataset tables with row counts.")
final class TablesCommand extends DatasetCommand {
    @Override
    public Integer call() {
        try (ZarrDataset ds = openReadOnly()) {
            for (String t : ds.listTableNames()) {
                TableInfo info = ds.describeTable(t);
                out().printf("%-24s %8d rows  %s%n", t, info.rowCount(), info.schema().names());
            }
        }
        return 0;
    }
}
