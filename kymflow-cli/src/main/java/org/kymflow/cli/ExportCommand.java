package org.kymflow.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.kymflow.zarr.ZarrDataset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Exports a dataset in the Python package's folder layout. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write TIFFs, metadata.json, per-image CSVs and dataset tables as CSV (Python's export layout).")
final class ExportCommand extends DatasetCommand {
    @Parameters(index = "1", paramLabel = "FOLDER", description = "output folder")
    Path dir;

    @Override
    public Integer call() throws IOException {
        try (ZarrDataset ds = openReadOnly()) {
            Exporter.Result r = Exporter.export(ds, dir);
            out().printf("exported %d images, %d files to %s%n", r.images(), r.files(), dir.toAbsolutePath());
        }
        return 0;
    }
}
