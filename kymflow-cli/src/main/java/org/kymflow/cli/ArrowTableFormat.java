package org.kymflow.cli;

import java.nio.file.Path;
import java.util.Set;
import org.kymflow.api.Provenance;
import org.kymflow.arrow.ArrowTables;
import org.kymflow.runtime.DatasetReader;
import org.kymflow.runtime.export.Export;

/**
 * {@code export --format arrow}: each dataset table also as an Arrow IPC file, one record batch per row
 * group, as its CSV is written. Here, not in the library, because kymflow-arrow is optional.
 */
final class ArrowTableFormat implements Export.TableFormat {
    @Override
    public String extension() {
        return "arrow";
    }

    @Override
    public void write(DatasetReader dataset, String table, Path target, Set<String> only) {
        org.kymflow.table.Schema schema = dataset.tableSchema(table);
        boolean filter = !only.isEmpty() && schema.contains(Provenance.IMAGE_ID);
        try (ArrowTables.FileWriter w = new ArrowTables.FileWriter(target, schema)) {
            dataset.scanTable(table, rows -> w.write(filter ? rows.filterByString(Provenance.IMAGE_ID, only::contains) : rows));
            w.commit();
        }
    }
}
