package org.kymflow.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.kymflow.runtime.DatasetWriter;
import org.kymflow.runtime.ingest.Ingest;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Ingests a folder of TIFFs; the only command besides {@code init} that creates a dataset. */
@Command(name = "ingest",
        description = "Add every *.tif below FOLDER (new or changed files only); creates DATASET when absent.")
final class IngestCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help ('kymflow --version' prints the version)")
    boolean help;

    @Parameters(index = "0", paramLabel = "DATASET", description = "dataset folder (created when absent)")
    Path dataset;

    @Parameters(index = "1", paramLabel = "FOLDER", description = "folder of kymograph TIFFs with .txt headers and .json sidecars")
    Path folder;

    @picocli.CommandLine.Option(names = "--prune", description = "remove images (and their rows) whose source file is gone")
    boolean prune;

    @picocli.CommandLine.Option(names = "--sidecar-wins",
            description = "where a sidecar changed after its image's ROIs or metadata were edited in KymFlow, take the sidecar's (default: keep the edits)")
    boolean sidecarWins;

    @Override
    public Integer call() throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("no folder " + folder);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (DatasetWriter ds = DatasetWriter.openOrCreate(dataset)) {
            Ingest.Result r = ds.ingest(folder, prune, sidecarWins);
            r.added().forEach(p -> out.println("added     " + p));
            r.updated().forEach(p -> out.println("updated   " + p));
            r.metadataUpdated().forEach(p -> out.println("metadata  " + p + " (sidecar or header changed)"));
            r.moved().forEach((from, to) -> out.println("moved     " + from + " -> " + to));
            r.failed().forEach((p, why) -> err.println("skipped   " + p + ": " + why));
            r.missing().forEach((p, id) -> out.println((prune ? "pruned    " : "missing   ") + p + " (image " + id + ")"));
            r.warnings().forEach(w -> err.println("warning   " + w));
            r.conflicts().forEach((p, what) -> err.println("conflict  " + p + ": " + what));
            out.printf("%d added, %d updated, %d unchanged, %d failed%s%n", r.added().size(),
                    r.updated().size() + r.metadataUpdated().size() + r.moved().size(), r.unchanged().size(), r.failed().size(),
                    r.missing().isEmpty() ? "" : prune ? ", " + r.pruned().size() + " pruned"
                            : ", " + r.missing().size() + " missing (--prune removes them)");
            return r.failed().isEmpty() ? 0 : 1;
        }
    }
}
