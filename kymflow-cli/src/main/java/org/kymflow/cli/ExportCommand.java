package org.kymflow.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.kymflow.runtime.DatasetReader;
import org.kymflow.runtime.export.Export;
import org.kymflow.runtime.export.OutputPaths;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Exports a dataset in the Python package's folder layout. */
@Command(name = "export",
        description = "Write TIFFs, metadata.json, per-image CSVs and dataset tables as CSV (Python's export layout), and with --format arrow as Arrow IPC files too.")
final class ExportCommand extends DatasetCommand {
    @Parameters(index = "1", paramLabel = "FOLDER", description = "output folder (new or empty, unless --force)")
    Path dir;

    @picocli.CommandLine.Option(names = "--image", paramLabel = "ID_OR_FILE", description = "only this image (repeatable); tables keep only its rows")
    java.util.List<String> images = new java.util.ArrayList<>();

    @picocli.CommandLine.Option(names = "--format", paramLabel = "csv|arrow",
            description = "csv (default), or arrow: the dataset tables also as Arrow IPC files, tables/NAME.arrow beside the CSVs")
    String format = "csv";

    @picocli.CommandLine.Option(names = "--force", description = "write into a folder that is not empty (files of the same name are replaced)")
    boolean force;

    @Override
    public Integer call() throws IOException {
        OutputPaths.checkFolder(dataset, dir, force);
        boolean arrow = switch (format.toLowerCase(java.util.Locale.ROOT)) {
            case "csv" -> false;
            case "arrow" -> true;
            default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--format must be csv or arrow, was " + format);
        };
        try (DatasetReader ds = openReadOnly()) {
            // the library walks the dataset; the optional Arrow format comes from this application
            Export.Result r = Export.export(ds, dir, ds.resolve(images), arrow ? java.util.List.of(new ArrowTableFormat()) : java.util.List.of());
            out().printf("exported %d images, %d files to %s%n", r.images(), r.files(), dir.toAbsolutePath());
            r.skippedTables().forEach(why -> err().println("skipped table: " + why));
            if (!r.skippedTables().isEmpty()) {
                err().println("the export lacks " + r.skippedTables().size() + " unreadable tables; a kym_ table is rebuilt by"
                        + " 'kymflow index DATASET NAME --mode replace'");
                return 1;
            }
        }
        return 0;
    }
}
