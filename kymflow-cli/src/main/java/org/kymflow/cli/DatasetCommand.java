package org.kymflow.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.kymflow.zarr.OpenMode;
import org.kymflow.zarr.ZarrDataset;
import picocli.CommandLine;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The base of every command whose first argument is an existing dataset: it opens it read-only (no lock,
 * never blocks a writer) or for writing, and never creates one (only {@code init} and {@code ingest} do).
 */
abstract class DatasetCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help ('kymflow --version' prints the version)")
    boolean help;

    @Parameters(index = "0", paramLabel = "DATASET", description = "dataset folder, e.g. lab.zarr")
    Path dataset;

    /** @return the dataset, opened read-only */
    ZarrDataset openReadOnly() {
        requireDataset();
        return ZarrDataset.open(dataset, OpenMode.READ);
    }

    /** @return the dataset, opened for writing (holds the writer lock until closed) */
    ZarrDataset openForWriting() {
        requireDataset();
        return ZarrDataset.open(dataset, OpenMode.APPEND);
    }

    private void requireDataset() {
        if (!Files.isDirectory(dataset)) {
            throw new IllegalArgumentException("no dataset at " + dataset.toAbsolutePath()
                    + " (create one with 'kymflow init' or 'kymflow ingest')");
        }
        if (!Files.exists(dataset.resolve(".zgroup"))) {
            // opening it for writing would turn an unrelated folder into a dataset
            throw new IllegalArgumentException(dataset.toAbsolutePath() + " is not a KymFlow dataset (it has no .zgroup)");
        }
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
